"""Two Python threads call the Rust extension `rust_primes` in short slices
(a count below --slice each) and note when they actually ran: consecutive
slices less than --gap-us apart form one span. Each thread stops after
--run-ms of its own running time. First with `count_keeping_gil`, then with
`count_releasing_gil`. Needs the extension (`pyext/run build`).

Prints one line per span: variant <TAB> lane <TAB> start_us <TAB> end_us,
each variant's times from its own common start."""

import sys
import threading
import time

from common import arguments


def worker(call, slice_limit, spans, start_line, t0, run_ns, gap_ns):
    start_line.wait()
    ran = 0
    begin = last = time.perf_counter_ns()
    # On a machine so slow that a slice outlasts the gap, nothing would
    # count as running: stop anyway after 20 times the running time.
    give_up = begin + 20 * run_ns
    while ran < run_ns and last < give_up:
        call(slice_limit)
        now = time.perf_counter_ns()
        if now - last > gap_ns:  # this thread was kept waiting in between
            spans.append((begin - t0, last - t0))
            begin = now
        else:
            ran += now - last
        last = now
    spans.append((begin - t0, last - t0))


def record(call, args):
    start_line = threading.Barrier(2)
    lanes = [[], []]
    t0 = time.perf_counter_ns()
    threads = [threading.Thread(target=worker, args=(call, args.slice, spans, start_line, t0,
                                                     int(args.run_ms * 1e6), int(args.gap_us * 1e3)))
               for spans in lanes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lanes


def main():
    # A slice (3,000 numbers) typically takes well under a millisecond; a
    # gap must be longer than a slice, and a 1 ms gap still shows the 5 ms
    # turns that keeping the GIL forces.
    args = arguments(__doc__, run_ms=(float, 40.0), gap_us=(float, 1000.0), slice=(int, 3000))
    try:
        import rust_primes
    except ImportError:
        sys.exit(f"pyext_gil.py: {sys.executable} cannot import rust_primes: run `pyext/run build` "
                 "and this script with target/pyext-venv/bin/python")
    for variant, call in [("keeping", rust_primes.count_keeping_gil),
                          ("releasing", rust_primes.count_releasing_gil)]:
        for lane, spans in enumerate(record(call, args), 1):
            for begin, end in spans:
                print(f"{variant}\t{lane}\t{begin // 1000}\t{end // 1000}")


if __name__ == "__main__":
    main()
