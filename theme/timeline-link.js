// Links each timeline to the output block above it: hovering over or
// focusing a mark or span highlights the log lines it was drawn from, and
// hovering over or focusing a log line highlights what was drawn from it.
//
// The link is the trace's line index, not the text: `figures` writes it on
// each mark and span as `data-seq` (the span's opening and closing lines),
// and the number of trace lines on the figure as `data-log-lines`. The
// output block shows outputs/NAME.txt, whose i-th log line is the trace's
// i-th line (checks/tests/timeline_links.rs). A figure is linked only when
// the block right above it has exactly that many log lines.
//
// Keyboard: Tab reaches the figure's first linked part and the log's first
// linked line; the arrow keys, Home and End move within either; Enter jumps
// from a part to its log line and back.
(function (root) {
    "use strict";

    /** A log line of notes::init_logging: ` 0.123s [thread] message`. */
    const LOG_LINE = /^\s*\d+\.\d{3}s \[[^\]]+\] /;

    const WORDS = {
        en: { line: "log line" },
        ko: { line: "로그 줄" },
    };

    /**
     * Splits an output block's text into lines; each log line gets its
     * index among the log lines (`seq`), other lines (a panic's report)
     * get null.
     */
    function splitLog(text) {
        const lines = text.replace(/\n$/, "").split("\n");
        let seq = 0;
        return lines.map((line) => ({ text: line, seq: LOG_LINE.test(line) ? seq++ : null }));
    }

    /** The line indices of a `data-seq` value ("3" or "2 7"). */
    function parseSeq(value) {
        return (value ?? "")
            .split(/\s+/)
            .filter((s) => /^\d+$/.test(s))
            .map(Number);
    }

    /** The index a key moves to from `at` among `count` items, or null. */
    function step(key, at, count) {
        switch (key) {
            case "ArrowRight":
            case "ArrowDown":
                return Math.min(at + 1, count - 1);
            case "ArrowLeft":
            case "ArrowUp":
                return Math.max(at - 1, 0);
            case "Home":
                return 0;
            case "End":
                return count - 1;
            default:
                return null;
        }
    }

    root.NotesTimelineLink = { splitLog, parseSeq, step, LOG_LINE };

    if (typeof document === "undefined") {
        return;
    }

    const w = WORDS[document.documentElement.lang] ?? WORDS.en;

    /** Roving focus: one tab stop for a group, the arrows move inside it. */
    function rove(items, onEnter) {
        items.forEach((item, i) => {
            item.tabIndex = i === 0 ? 0 : -1;
            item.addEventListener("keydown", (event) => {
                if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
                    return;
                }
                const to = event.key === "Enter" ? null : step(event.key, items.indexOf(item), items.length);
                if (event.key !== "Enter" && to === null) {
                    return;
                }
                // Handled here: mdBook's own arrow keys turn the page.
                event.preventDefault();
                event.stopPropagation();
                if (to === null) {
                    onEnter(item);
                } else {
                    focusIn(items, items[to]);
                }
            });
        });
    }

    function focusIn(items, item) {
        for (const other of items) {
            other.tabIndex = other === item ? 0 : -1;
        }
        item.focus();
    }

    function link(svg) {
        const figure = svg.closest("figure");
        const pre = figure?.previousElementSibling;
        const code = pre?.tagName === "PRE" ? pre.querySelector("code") : null;
        if (!code || svg.classList.contains("fig-linked")) {
            return;
        }
        const lines = splitLog(code.textContent);
        const logLines = lines.filter((l) => l.seq !== null).length;
        if (logLines === 0 || logLines !== Number(svg.dataset.logLines)) {
            return; // Not the block this figure was drawn with.
        }

        // What was drawn from each line.
        const parts = [...svg.querySelectorAll("[data-seq]")].filter((p) => !p.closest(".fig-legend"));
        const drawn = new Map();
        for (const part of parts) {
            for (const seq of parseSeq(part.dataset.seq)) {
                if (seq < logLines) {
                    drawn.set(seq, [...(drawn.get(seq) ?? []), part]);
                }
            }
        }
        if (drawn.size === 0) {
            return;
        }

        // The output block, one element per log line.
        const lineOf = new Map();
        const content = [];
        lines.forEach((line) => {
            if (line.seq === null) {
                content.push(document.createTextNode(line.text));
            } else {
                const span = document.createElement("span");
                span.className = "log-line";
                span.dataset.seq = String(line.seq);
                span.textContent = line.text;
                lineOf.set(line.seq, span);
                content.push(span);
            }
            content.push(document.createTextNode("\n"));
        });
        code.replaceChildren(...content);

        let lit = [];
        function light(seqs) {
            unlight();
            for (const seq of seqs) {
                lit.push(...(drawn.get(seq) ?? []));
                if (lineOf.has(seq)) {
                    lit.push(lineOf.get(seq));
                }
            }
            for (const e of lit) {
                e.classList.add("is-linked");
            }
        }
        function unlight() {
            for (const e of lit) {
                e.classList.remove("is-linked");
            }
            lit = [];
        }
        // The lines each linked element was drawn from or draws.
        const seqsOf = new Map();
        // When the pointer leaves, what has the focus (a tapped mark on a
        // phone keeps it) stays lit.
        function leave() {
            const focused = seqsOf.get(document.activeElement);
            if (focused) {
                light(focused);
            } else {
                unlight();
            }
        }

        // The figure's parts, in the order of the lines they were drawn from.
        const ordered = parts
            .filter((p) => parseSeq(p.dataset.seq).some((s) => s < logLines))
            .map((p, i) => ({ p, key: Math.min(...parseSeq(p.dataset.seq)), i }))
            .sort((a, b) => a.key - b.key || a.i - b.i)
            .map((x) => x.p);
        const lane = (part) => part.closest(".fig-lane")?.querySelector(".fig-lane-name")?.textContent.trim() ?? "";
        for (const part of ordered) {
            const seqs = parseSeq(part.dataset.seq).filter((s) => s < logLines);
            const what = part.querySelector("title")?.textContent.trim() ?? "";
            const said = seqs.map((s) => `${w.line} ${s + 1}: ${lines.find((l) => l.seq === s).text.trim()}`);
            part.setAttribute("role", "link");
            part.setAttribute("aria-label", `${lane(part)}: ${what}. ${said.join("; ")}`);
            part.addEventListener("pointerenter", () => light(seqs));
            seqsOf.set(part, seqs);
            part.addEventListener("pointerleave", leave);
            part.addEventListener("focus", () => light(seqs));
            part.addEventListener("blur", unlight);
        }
        const linkedLines = [...lineOf.entries()]
            .filter(([seq]) => drawn.has(seq))
            .map(([seq, span]) => {
                span.setAttribute("role", "link");
                span.addEventListener("pointerenter", () => light([seq]));
                seqsOf.set(span, [seq]);
                span.addEventListener("pointerleave", leave);
                span.addEventListener("focus", () => light([seq]));
                span.addEventListener("blur", unlight);
                return span;
            });
        rove(ordered, (part) => {
            const first = lineOf.get(Math.min(...parseSeq(part.dataset.seq)));
            if (first) {
                focusIn(linkedLines, first);
            }
        });
        rove(linkedLines, (span) => {
            const part = drawn.get(Number(span.dataset.seq))?.[0];
            if (part) {
                focusIn(ordered, part);
            }
        });

        // The figure now holds links: a group, named as the picture was.
        svg.classList.add("fig-linked");
        svg.setAttribute("role", "group");
        pre.classList.add("log-linked");
    }

    document.querySelectorAll("svg.fig-timeline[data-log-lines]").forEach(link);
})(globalThis);
