"""bench/python/pyext.py, the script that `measure pyext` runs, under every way
multiprocessing starts its processes. With spawn and forkserver (the default
on Linux from Python 3.14) a pool's process does not inherit the parent's
globals: it imports the script afresh, as `__mp_main__`, and never runs its
main(). `pyext/run` runs these."""

import multiprocessing
import pathlib
import subprocess
import sys
import unittest

SCRIPTS = pathlib.Path(__file__).resolve().parents[2] / "bench" / "python"

# Runs the script as `python pyext.py ...` would, after choosing the start
# method, which no command-line option of Python's can do.
RUN_WITH = """
import multiprocessing, runpy, sys
multiprocessing.set_start_method(sys.argv[1])
sys.path.insert(0, sys.argv[2])
sys.argv = [sys.argv[3], "--limit", "2000", "--workers", "2", "--min-ms", "1", "--reps", "1"]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


class BenchScript(unittest.TestCase):
    def test_every_row_is_measured_whatever_starts_the_processes(self):
        for method in multiprocessing.get_all_start_methods():
            with self.subTest(method):
                run = subprocess.run(
                    [sys.executable, "-c", RUN_WITH, method, str(SCRIPTS),
                     str(SCRIPTS / "pyext.py")],
                    capture_output=True, text=True, timeout=300)
                self.assertEqual(run.returncode, 0, run.stderr)
                items = [line.split("\t")[1] for line in run.stdout.splitlines()]
                for variant in ("python", "keeping-gil", "releasing-gil"):
                    self.assertIn(f"{variant}-processes", items)
                self.assertIn("rayon-call", items)


if __name__ == "__main__":
    unittest.main()
