"""The CPU-bound job: count the primes below a limit by trial division,
on one thread, on N threads, and on N processes (the same job as the Rust side)."""

import multiprocessing
import os
import threading

from common import arguments, emit, rate, timed


def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def count_primes(limit, me=0, workers=1):
    # Blocks of 1,000 numbers dealt out in turn, as on the Rust side, so that
    # every worker gets as many big (slow to check) numbers as the others.
    # A worker visits only its own blocks: testing every number for ownership
    # would add work that the single-threaded run does not do.
    block = 1000
    return sum(
        1
        for start in range(me * block, limit, workers * block)
        for n in range(start, min(start + block, limit))
        if is_prime(n)
    )


def on_threads(count, limit, workers):
    """The job shared out over `workers` Python threads, each calling `count`
    (this file's `count_primes`, or the Rust extension's, in pyext.py)."""
    counts = [0] * workers

    def work(me):
        counts[me] = count(limit, me, workers)

    threads = [threading.Thread(target=work, args=(me,)) for me in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts)


def on_processes(count, limit, workers):
    """The job shared out over a fresh pool of `workers` processes; `count`
    must be a module-level function, so that the pool's processes find it."""
    with multiprocessing.Pool(workers) as pool:
        return sum(pool.starmap(count, [(limit, me, workers) for me in range(workers)]))


def main():
    args = arguments(__doc__, limit=(int, 200_000), workers=(int, os.cpu_count()))
    if args.limit <= 0 or args.workers <= 0:
        raise SystemExit("cpu.py: --limit and --workers must be positive")

    expected = count_primes(args.limit)

    def speed(job):
        # The job, repeated until a run lasts long enough to time.
        def repeated(repeats):
            return timed(lambda: [assert_same(job()) for _ in range(repeats)])
        return rate(repeated, args.min_ms, args.reps) * args.limit

    def assert_same(found):
        assert found == expected, "every way finds the same primes"

    emit("cpu", "serial", 1, speed(lambda: count_primes(args.limit)), "numbers/s")
    emit("cpu", "threads", args.workers, speed(lambda: on_threads(count_primes, args.limit, args.workers)), "numbers/s")
    emit("cpu", "processes", args.workers, speed(lambda: on_processes(count_primes, args.limit, args.workers)), "numbers/s")


if __name__ == "__main__":
    main()
