"""Shared by the baseline scripts: argument parsing, timing, and the output format.

Every script prints one result per line, tab-separated, for `measure` to read:

    case <TAB> item <TAB> param <TAB> value <TAB> unit

Rates are per second, so a bigger number is always better.
"""

import argparse
import statistics
import time


class _OneLineParser(argparse.ArgumentParser):
    """Reports a bad argument in one line, `SCRIPT: what is wrong`, and exits with 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message}\n")


def positive(kind):
    """An argparse type: a number of `kind` (int or float) greater than zero."""

    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"takes a number, not {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0, not {text}")
        return value

    return parse


def positive_list(text):
    """An argparse type: comma-separated whole numbers greater than zero, as in 1,10,1000."""
    return [positive(int)(part) for part in text.split(",")]


def arguments(description, **extra):
    """Parses --min-ms, --reps and the script's own options (name=(type, default)).

    An int or float option must be greater than zero; a bad value ends the
    script with one line on stderr and exit status 2.
    """
    parser = _OneLineParser(description=description)
    parser.add_argument("--min-ms", type=positive(float), default=200.0,
                        help="grow the work until one run takes at least this long")
    parser.add_argument("--reps", type=positive(int), default=5,
                        help="runs at the final size; the median is reported")
    for name, (kind, default) in extra.items():
        if kind in (int, float):
            kind = positive(kind)
        parser.add_argument("--" + name.replace("_", "-"), type=kind, default=default)
    return parser.parse_args()


def rate(run, min_ms, reps):
    """Items per second of `run(n)`, which does n items and returns the seconds they took.

    n doubles until one run takes at least `min_ms`; then the median of `reps` runs
    at that n is reported (other programs can make a single run slow).
    """
    n = 1
    while True:
        seconds = run(n)
        if seconds * 1000 >= min_ms or n >= 1 << 40:
            break
        n *= 2
    times = [run(n) for _ in range(max(reps, 1))]
    return n / statistics.median(times)


def timed(job):
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def emit(case, item, param, value, unit):
    print(f"{case}\t{item}\t{param}\t{value:.6g}\t{unit}", flush=True)
