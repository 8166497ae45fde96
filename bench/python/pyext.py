"""Chapter 3's CPU-bound job from Python threads and processes, four ways:
in pure Python, and through the Rust extension `rust_primes` keeping the GIL,
releasing it, or running rayon inside one call. Needs the extension: run it
with the Python of the virtualenv that `pyext/run build` makes.

Numbers checked per second, as in cpu.py, for 1 and 2 threads, --workers
threads and a pool of --workers processes; then calls per second of an empty
call (limit 0), the cost of crossing from Python into Rust and back."""

import os
import sys

from common import arguments, emit, rate, timed
from cpu import count_primes, on_processes, on_threads

# At module level, not in main(): with the spawn and forkserver start methods
# (forkserver is the default on Linux from Python 3.14), a pool's process
# imports this script afresh, as `__mp_main__`, and never runs main().
try:
    import rust_primes
except ImportError:
    rust_primes = None  # main() says how to build it


# Module-level functions, so that the pool's processes find them by name.
def keeping_gil(limit, me, workers):
    return rust_primes.count_keeping_gil(limit, me, workers)


def releasing_gil(limit, me, workers):
    return rust_primes.count_releasing_gil(limit, me, workers)


def empty(limit, me=0, workers=1):
    """A Python function called like the extension's: the cost of a Python call."""
    return 0


def main():
    args = arguments(__doc__, limit=(int, 200_000), workers=(int, os.cpu_count()))
    if rust_primes is None:
        sys.exit(f"pyext.py: {sys.executable} cannot import rust_primes: run `pyext/run build` "
                 "and this script with target/pyext-venv/bin/python")

    expected = count_primes(args.limit)

    def speed(job):
        # The job, repeated until a run lasts long enough to time.
        def repeated(repeats):
            return timed(lambda: [assert_same(job()) for _ in range(repeats)])
        return rate(repeated, args.min_ms, args.reps) * args.limit

    def assert_same(found):
        assert found == expected, "every way finds the same primes"

    thread_counts = sorted({1, 2, args.workers})
    for item, count in [("python", count_primes), ("keeping-gil", keeping_gil),
                        ("releasing-gil", releasing_gil)]:
        for threads in thread_counts:
            emit("pyext", f"{item}-threads", threads,
                 speed(lambda: on_threads(count, args.limit, threads)), "numbers/s")
        emit("pyext", f"{item}-processes", args.workers,
             speed(lambda: on_processes(count, args.limit, args.workers)), "numbers/s")
    # One call from one thread; rayon's pool has RAYON_NUM_THREADS threads
    # (`measure` sets it to --workers), else one per core. After the pools:
    # rayon's threads start with the first call, and a process forked while
    # other threads run gets a copy of the forking thread alone.
    rayon_threads = int(os.environ.get("RAYON_NUM_THREADS") or os.cpu_count())
    emit("pyext", "rayon-call", rayon_threads,
         speed(lambda: rust_primes.count_rayon(args.limit)), "numbers/s")

    # The cost of a call that does no work: limit 0.
    for item, call in [("call-python", empty), ("call-keeping-gil", rust_primes.count_keeping_gil),
                       ("call-releasing-gil", rust_primes.count_releasing_gil)]:
        def calls(n, call=call):
            return timed(lambda: [call(0) for _ in range(n)])
        emit("pyext", item, 1, rate(calls, args.min_ms, args.reps), "calls/s")


if __name__ == "__main__":
    main()
