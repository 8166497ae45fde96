"""A shared counter: a Lock-protected global, and per-thread sums added up at the end,
on 1 thread and on N threads: increments per second."""

import os
import threading
import time

from common import arguments, emit, rate


def run_threads(threads, work):
    workers = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


def with_lock(threads, per_thread):
    lock = threading.Lock()
    counter = 0

    def work():
        nonlocal counter
        for _ in range(per_thread):
            with lock:
                counter += 1

    seconds = run_threads(threads, work)
    assert counter == threads * per_thread
    return seconds


def per_thread_sums(threads, per_thread):
    sums = []

    def work():
        local = 0
        for _ in range(per_thread):
            local += 1
        sums.append(local)  # list.append is atomic in CPython

    seconds = run_threads(threads, work)
    assert sum(sums) == threads * per_thread
    return seconds


def main():
    args = arguments(__doc__, threads=(int, os.cpu_count()))
    for threads in sorted({1, args.threads}):
        for item, job in (("lock", with_lock), ("per-thread", per_thread_sums)):
            # n increments on each of the threads.
            per_thread = rate(lambda n: job(threads, n), args.min_ms, args.reps)
            emit("counter", item, threads, per_thread * threads, "increments/s")


if __name__ == "__main__":
    main()
