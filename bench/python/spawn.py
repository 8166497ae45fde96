"""What it costs to start something and wait for it: a thread, a process
(subprocess running `true`, and multiprocessing.Process), a task on a thread
pool, and an asyncio task: spawns per second, one at a time."""

import asyncio
import multiprocessing
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from common import arguments, emit, rate


def nothing():
    pass


async def nothing_async():
    pass


def threads(n):
    start = time.perf_counter()
    for _ in range(n):
        t = threading.Thread(target=nothing)
        t.start()
        t.join()
    return time.perf_counter() - start


def processes(n):
    start = time.perf_counter()
    for _ in range(n):
        subprocess.run(["true"], check=True)
    return time.perf_counter() - start


def multiprocessing_processes(n):
    start = time.perf_counter()
    for _ in range(n):
        p = multiprocessing.Process(target=nothing)
        p.start()
        p.join()
    return time.perf_counter() - start


def pool_tasks(n):
    with ThreadPoolExecutor() as pool:
        pool.submit(nothing).result()  # the workers exist before the clock starts
        start = time.perf_counter()
        for _ in range(n):
            pool.submit(nothing).result()
        return time.perf_counter() - start


def async_tasks(n):
    async def run():
        start = time.perf_counter()
        for _ in range(n):
            await asyncio.create_task(nothing_async())
        return time.perf_counter() - start

    return asyncio.run(run())


def main():
    args = arguments(__doc__)
    for item, job in (("thread", threads), ("process", processes),
                      ("multiprocessing", multiprocessing_processes),
                      ("pool-task", pool_tasks), ("async-task", async_tasks)):
        emit("spawn", item, 1, rate(job, args.min_ms, args.reps), "spawns/s")


if __name__ == "__main__":
    main()
