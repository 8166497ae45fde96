"""One producer hands numbers to one consumer through a bounded queue.Queue:
messages per second at each capacity."""

import queue
import threading
import time

from common import arguments, emit, positive_list, rate

DONE = None


def hand_off(capacity, messages):
    pipeline = queue.Queue(maxsize=capacity)
    total = 0

    def consume():
        nonlocal total
        while (item := pipeline.get()) is not DONE:
            total += item

    consumer = threading.Thread(target=consume)
    start = time.perf_counter()
    consumer.start()
    for i in range(messages):
        pipeline.put(i)
    pipeline.put(DONE)
    consumer.join()
    seconds = time.perf_counter() - start
    assert total == messages * (messages - 1) // 2, "every message arrives once"
    return seconds


def main():
    args = arguments(__doc__, capacities=(positive_list, "1,10,1000"))
    for capacity in args.capacities:
        per_second = rate(lambda n: hand_off(capacity, n), args.min_ms, args.reps)
        emit("handoff", "queue", capacity, per_second, "messages/s")


if __name__ == "__main__":
    main()
