"""The extension from Python: the three variants count what chapter 3 counts,
bad input raises a clear TypeError or ValueError, and a panic in Rust becomes a
Python exception that leaves the interpreter running. `pyext/run` runs these."""

import subprocess
import sys
import threading
import unittest

import rust_primes

VARIANTS = [rust_primes.count_keeping_gil, rust_primes.count_releasing_gil,
            rust_primes.count_rayon]

# π(x): the number of primes below x.
KNOWN = {0: 0, 1: 0, 2: 0, 3: 1, 10: 4, 1000: 168, 200_000: 17_984}


class Counts(unittest.TestCase):
    def test_every_variant_finds_the_known_counts(self):
        for count in VARIANTS:
            for limit, primes in KNOWN.items():
                with self.subTest(count.__name__, limit=limit):
                    self.assertEqual(count(limit), primes)

    def test_the_shares_add_up_as_in_chapter_3(self):
        for count in (rust_primes.count_keeping_gil, rust_primes.count_releasing_gil):
            for workers in (1, 2, 3, 7):
                with self.subTest(count.__name__, workers=workers):
                    shares = [count(200_000, me, workers) for me in range(workers)]
                    self.assertEqual(sum(shares), 17_984)
        self.assertEqual(rust_primes.count_releasing_gil(200_000, me=1, workers=2),
                         rust_primes.count_keeping_gil(200_000, 1, 2))

    def test_python_threads_share_the_work(self):
        counts = [0, 0]

        def work(me):
            counts[me] = rust_primes.count_releasing_gil(200_000, me, 2)

        threads = [threading.Thread(target=work, args=(me,)) for me in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sum(counts), 17_984)

    def test_the_functions_say_what_they_take(self):
        for count in (rust_primes.count_keeping_gil, rust_primes.count_releasing_gil):
            with self.subTest(count.__name__):
                self.assertEqual(count.__text_signature__, "(limit, me=None, workers=None)")
                self.assertIn("None", count.__doc__)
        self.assertIn("GIL", rust_primes.count_keeping_gil.__doc__)
        self.assertEqual(rust_primes.MAX_LIMIT, 2**32)
        self.assertEqual(rust_primes.MAX_WORKERS, 2**32 // 1000)

    def test_none_means_the_default_share(self):
        for count in (rust_primes.count_keeping_gil, rust_primes.count_releasing_gil):
            with self.subTest(count.__name__):
                self.assertEqual(count(1000, None, None), 168)
                self.assertEqual(count(200_000, None, 2), count(200_000, 0, 2))

    def test_the_most_workers_each_get_a_block(self):
        # The largest step: share 0 of MAX_WORKERS is block 0 and the last,
        # short block below MAX_LIMIT, which holds 10 primes.
        last = rust_primes.MAX_WORKERS
        self.assertEqual(rust_primes.count_keeping_gil(1000, 0, last), 168)
        self.assertEqual(rust_primes.count_releasing_gil(rust_primes.MAX_LIMIT, 0, last), 178)


class TheGil(unittest.TestCase):
    """Which variant lets another Python thread run while it computes.

    With a switch interval of an hour, CPython hands the GIL to another
    thread only when its holder lets go of it: blocks, ends, or releases it
    as `count_releasing_gil` does. The main thread starts a worker that calls
    the extension and, when it gets the GIL back, looks whether the call has
    returned yet."""

    def setUp(self):
        self.interval = sys.getswitchinterval()
        sys.setswitchinterval(3600)

    def tearDown(self):
        sys.setswitchinterval(self.interval)

    def call_returned_before_main_ran(self, count):
        returned = []
        worker = threading.Thread(target=lambda: returned.append(count(2_000_000)))
        worker.start()  # returns once the main thread has the GIL again
        seen = bool(returned)
        worker.join()
        self.assertEqual(returned, [148_933])
        return seen

    def test_keeping_the_gil_the_main_thread_waits_for_the_whole_call(self):
        self.assertTrue(self.call_returned_before_main_ran(rust_primes.count_keeping_gil))

    def test_releasing_the_gil_the_main_thread_runs_during_the_call(self):
        # The call takes a second or so; the main thread, woken when the
        # worker releases the GIL, runs long before it returns.
        self.assertFalse(self.call_returned_before_main_ran(rust_primes.count_releasing_gil))
        self.assertFalse(self.call_returned_before_main_ran(rust_primes.count_rayon))


class BadInput(unittest.TestCase):
    def assert_refused(self, error, message, call):
        with self.assertRaises(error) as raised:
            call()
        self.assertIs(type(raised.exception), error, "exactly this class, not a subclass")
        self.assertEqual(str(raised.exception), message)

    def test_a_negative_limit_is_a_value_error(self):
        for count in VARIANTS:
            with self.subTest(count.__name__):
                self.assert_refused(ValueError, "limit must be from 0 to 4294967296, not -5",
                                    lambda: count(-5))

    def test_an_absurd_limit_is_a_value_error(self):
        # An int of at most 64 bits, its sign aside, is shown as it is.
        huge = "an int of more than 64 bits"
        for count in VARIANTS:
            for limit, shown in ((2**32 + 1, "4294967297"), (2**63, "9223372036854775808"),
                                 (2**64 - 1, "18446744073709551615"),
                                 (-(2**64 - 1), "-18446744073709551615"),
                                 (2**64, huge), (-(2**64), huge), (-(10**30), huge),
                                 (10**5000, huge)):
                with self.subTest(count.__name__, limit=shown):
                    self.assert_refused(ValueError,
                                        f"limit must be from 0 to 4294967296, not {shown}",
                                        lambda: count(limit))

    def test_a_limit_that_is_not_an_int_is_a_type_error(self):
        for count in VARIANTS:
            for limit, kind in ((10.0, "float"), ("10", "str"), (None, "NoneType"), ([10], "list")):
                with self.subTest(count.__name__, limit=limit):
                    self.assert_refused(TypeError, f"limit must be an int, not {kind}",
                                        lambda: count(limit))

    def test_bad_shares_are_refused(self):
        for count in (rust_primes.count_keeping_gil, rust_primes.count_releasing_gil):
            with self.subTest(count.__name__):
                self.assert_refused(ValueError, "workers must be from 1 to 4294967, not 0",
                                    lambda: count(100, 0, 0))
                self.assert_refused(ValueError, "workers must be from 1 to 4294967, not 4294968",
                                    lambda: count(100, 0, 4_294_968))
                self.assert_refused(ValueError, "me must be from 0 to 1, not 2",
                                    lambda: count(100, 2, 2))
                self.assert_refused(ValueError, "me must be from 0 to 1, not -1",
                                    lambda: count(100, -1, 2))
                self.assert_refused(TypeError, "workers must be an int, not float",
                                    lambda: count(100, 0, 2.0))

    def test_python_checks_the_number_of_arguments(self):
        with self.assertRaises(TypeError):
            rust_primes.count_rayon()
        with self.assertRaises(TypeError):
            rust_primes.count_rayon(10, 0, 1)


class Panics(unittest.TestCase):
    def test_a_rust_panic_becomes_a_python_exception(self):
        with self.assertRaises(BaseException) as raised:
            rust_primes._panic("a bug in Rust")
        error = raised.exception
        self.assertEqual(type(error).__name__, "PanicException")
        self.assertEqual(type(error).__module__, "pyo3_runtime")
        self.assertEqual(str(error), "a bug in Rust")
        # PanicException derives from BaseException, not Exception, so that an
        # `except Exception:` does not swallow a bug.
        self.assertNotIsInstance(error, Exception)
        # The interpreter, the GIL and rayon's pool all still work.
        self.assertEqual(rust_primes.count_rayon(1000), 168)
        self.assertEqual(rust_primes.count_releasing_gil(1000), 168)

    def test_an_uncaught_panic_ends_the_script_with_a_traceback_not_a_crash(self):
        run = subprocess.run(
            [sys.executable, "-c", "import rust_primes; rust_primes._panic('boom')"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 1, "an uncaught exception, not a signal (negative)")
        self.assertIn("pyo3_runtime.PanicException: boom", run.stderr)
        self.assertIn("Traceback", run.stderr)


if __name__ == "__main__":
    unittest.main()
