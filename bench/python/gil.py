"""Two threads do the same CPU-bound work in short slices and note when they
actually ran: consecutive slices less than --gap-us apart form one span.
Each thread stops after --run-ms of its own running time.
Prints one line per span: lane <TAB> start_us <TAB> end_us (from a common start)."""

import threading
import time

from common import arguments


def spin(rounds):
    x = 0
    for i in range(rounds):
        x = (x * 31 + i) & 0xFFFF
    return x


def worker(spans, start_line, t0, run_ns, gap_ns, rounds):
    start_line.wait()
    ran = 0
    begin = last = time.perf_counter_ns()
    while ran < run_ns:
        spin(rounds)
        now = time.perf_counter_ns()
        if now - last > gap_ns:  # another thread ran in between
            spans.append((begin - t0, last - t0))
            begin = now
        else:
            ran += now - last
        last = now
    spans.append((begin - t0, last - t0))


def main():
    args = arguments(__doc__, run_ms=(float, 40.0), gap_us=(float, 200.0), rounds=(int, 200))
    start_line = threading.Barrier(2)
    lanes = [[], []]
    t0 = time.perf_counter_ns()
    threads = [threading.Thread(target=worker, args=(spans, start_line, t0, int(args.run_ms * 1e6),
                                                     int(args.gap_us * 1e3), args.rounds))
               for spans in lanes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for lane, spans in enumerate(lanes, 1):
        for begin, end in spans:
            print(f"{lane}\t{begin // 1000}\t{end // 1000}")


if __name__ == "__main__":
    main()
