// The stepper's engine (site/stepper/engine.js) and its levels
// (site/levels/*.json), without a browser:
// - the engine's rules: steps, blocking, condvars, channels, end states;
// - each committed outputs/levels/ID.ends is what the engine enumerates now
//   (checks' loom test compares the same files with loom);
// - each step names a line of the example's anchored region, and each page
//   that shows a level includes exactly that region, in both editions;
// - a level with a goal can reach it, and an impossible one cannot.
//
//   node --test site/test/engine.test.mjs
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as engine from "../stepper/engine.js";
import { levels, outDir, root } from "../levels/enumerate.mjs";
import { say } from "../stepper/ui.js";

const LEVELS = ["bounded_queue", "deadlock", "lock_guard", "lock_order", "lost_wakeup", "philosophers", "race", "tickets"];

/** A tiny level for the engine's rules. */
function tiny(programs, state, threads, extra = {}) {
    const words = { title: "t", goal: "g", won: "w", lost: "l" };
    return engine.prepare({
        id: "tiny",
        source: { file: "x.rs", anchor: "a" },
        words: { en: words, ko: words },
        state,
        threads,
        programs,
        observe: [],
        goal: { ends: ["deadlock"] },
        ...extra,
    });
}

/** Plays thread indices in order; returns the final state and every log line. */
function play(level, moves) {
    let state = engine.initial(level);
    const logs = [];
    for (const t of moves) {
        const r = engine.step(level, state, t);
        state = r.state;
        logs.push(...r.logs);
    }
    return { state, logs };
}

describe("engine", () => {
    const race = levels().find((l) => l.id === "race");

    test("a step logs in the book's format and leaves the old state alone", () => {
        const start = engine.initial(race);
        const before = JSON.stringify(start);
        const { state, logs } = engine.step(race, start, 0);
        assert.deepEqual(logs, ["[First] read 0"]);
        assert.equal(JSON.stringify(start), before, "step changed the state it was given (undo needs it unchanged)");
        assert.equal(state.threads[0].locals.local_copy, 0);
    });

    test("the lost update: both read 0, both write 1", () => {
        const { state, logs } = play(race, [0, 1, 0, 1]);
        assert.deepEqual(logs, ["[First] read 0", "[Second] read 0", "[First] wrote 1", "[Second] wrote 1"]);
        assert.ok(engine.isEnd(race, state));
        assert.equal(engine.endString(race, state), "total=1");
        assert.equal(state.goal, true);
        assert.equal(engine.endString(race, play(race, [0, 0, 1, 1]).state), "total=2");
    });

    test("a thread waiting for a held lock cannot move, and says who holds it", () => {
        const level = levels().find((l) => l.id === "deadlock");
        const { state } = play(level, [0, 1]);
        assert.deepEqual(engine.blocked(level, state, 0), { kind: "lock", lock: "disk", holder: "B" });
        assert.deepEqual(engine.blocked(level, state, 1), { kind: "lock", lock: "printer", holder: "A" });
        assert.throws(() => engine.step(level, state, 0), /cannot move/);
        assert.ok(engine.isEnd(level, state));
        assert.equal(engine.endString(level, state), "deadlock");
    });

    test("wait releases the lock; notify_one wakes a waiter, who takes the lock back; a notify with nobody waiting is lost", () => {
        const level = tiny(
            {
                sleeper: [
                    { op: "lock", lock: "m", line: "lock" },
                    { op: "wait", condvar: "cv", lock: "m", line: "wait", log: "waits" },
                    { op: "unlock", lock: "m", line: "unlock", log: "woke" },
                ],
                waker: [{ op: "notify", condvar: "cv", line: "notify" }],
            },
            { locks: { m: {} }, condvars: { cv: {} } },
            [
                { name: "S", program: "sleeper" },
                { name: "W", program: "waker" },
            ],
        );
        let { state } = play(level, [0, 0]);
        assert.equal(state.locks.m, null, "wait must release the lock");
        assert.deepEqual(state.condvars.cv, [0]);
        assert.deepEqual(engine.blocked(level, state, 0), { kind: "notify", condvar: "cv" });
        state = engine.step(level, state, 1).state;
        assert.deepEqual(state.condvars.cv, []);
        assert.equal(engine.blocked(level, state, 0), null, "a notified waiter can move");
        state = engine.step(level, state, 0).state; // takes the lock back
        assert.equal(state.locks.m, 0);
        assert.deepEqual(engine.step(level, state, 0).logs, ["[S] woke"]);
        // The notify first: nobody waits yet, so the wake-up is lost and S sleeps for ever.
        const lost = play(level, [1, 0, 0]).state;
        assert.ok(engine.isEnd(level, lost));
        assert.equal(engine.endString(level, lost), "deadlock");
    });

    test("a full channel blocks send, an empty one blocks recv until every sender is gone", () => {
        const level = levels().find((l) => l.id === "bounded_queue");
        assert.deepEqual(engine.blocked(level, engine.initial(level), 2), { kind: "empty", queue: "queue" });
        const { state } = play(level, [0]);
        assert.deepEqual(engine.blocked(level, state, 1), { kind: "full", queue: "queue" });
        assert.equal(state.goal, true, "a producer blocked on the full queue is this level's goal");
        // Both producers send and hang up in turn; the consumer stores both, then sees the end.
        const closed = play(level, [0, 2, 2, 1, 0, 1, 2, 2, 2, 2]);
        assert.equal(engine.endString(level, closed.state), "consumed=2");
        assert.match(closed.logs.at(-1), /^\[consumer\] the queue is closed and empty; exiting$/);
    });

    test("prepare rejects a level with a mistake in it", () => {
        const ok = { sleeper: [{ op: "lock", lock: "m", line: "x" }] };
        const threads = [{ name: "S", program: "sleeper" }];
        assert.throws(() => tiny({ p: [{ op: "jump", line: "x" }] }, {}, [{ name: "S", program: "p" }]), /unknown op "jump"/);
        assert.throws(() => tiny({ p: [{ op: "goto", to: "nowhere", line: "x" }] }, {}, [{ name: "S", program: "p" }]), /no label "nowhere"/);
        assert.throws(() => tiny(ok, {}, threads), /undeclared lock m/);
        assert.throws(() => tiny(ok, { locks: { m: {} } }, [{ name: "S", program: "nope" }]), /no program "nope"/);
        assert.throws(() => tiny(ok, { locks: { m: {} } }, [...threads, ...threads]), /two threads named S/);
        assert.throws(() => tiny(ok, { locks: { m: {} } }, threads, { words: { en: { title: "t" } } }), /missing words\.en\.goal/);
    });

    test("anchored gives the lines mdBook's {{#include FILE:anchor}} gives", () => {
        const source = "a\n// ANCHOR: outer\nb\n// ANCHOR: inner\nc\n// ANCHOR_END: inner\nd\n// ANCHOR_END: outer\ne\n";
        assert.deepEqual(engine.anchored(source, "outer"), ["b", "c", "d"]);
        assert.deepEqual(engine.anchored(source, "inner"), ["c"]);
        assert.equal(engine.anchored(source, "missing"), null);
    });

    test("Korean particles follow the word's last sound", () => {
        assert.equal(say("{what}{을} 기다립니다", { what: "프린터 락" }), "프린터 락을 기다립니다");
        assert.equal(say("{what}{을} 기다립니다", { what: "포크 2" }), "포크 2를 기다립니다");
        assert.equal(say("{what}{을} 기다립니다", { what: "포크 1" }), "포크 1을 기다립니다");
        assert.equal(say("{who}{이}", { who: "소비자" }), "소비자가");
    });
});

describe("levels", () => {
    const all = levels();

    test("the levels are the eight of issue 19, one file each, named by id", () => {
        assert.deepEqual(
            all.map((l) => l.id),
            LEVELS,
        );
        for (const id of LEVELS) assert.ok(fs.existsSync(path.join(root, "site/levels", `${id}.json`)), `site/levels/${id}.json`);
    });

    for (const level of all) {
        test(`${level.id}: outputs/levels/${level.id}.ends is what the engine enumerates`, () => {
            const file = path.join(outDir, `${level.id}.ends`);
            assert.ok(fs.existsSync(file), `outputs/levels/${level.id}.ends is missing: run node site/levels/enumerate.mjs`);
            assert.equal(
                fs.readFileSync(file, "utf8"),
                engine.endsFile(level),
                `outputs/levels/${level.id}.ends differs from the engine's enumeration: if the level changed on purpose, run node site/levels/enumerate.mjs (and the loom test)`,
            );
        });

        test(`${level.id}: every step names a line of ${level.source.file}`, () => {
            const source = fs.readFileSync(path.join(root, level.source.file), "utf8");
            const region = [].concat(level.source.anchor).flatMap((a) => {
                const lines = engine.anchored(source, a);
                assert.ok(lines, `${level.source.file} has no anchor ${a}`);
                return lines;
            });
            const { missing } = engine.locate(level, region);
            assert.deepEqual(missing, [], `steps of ${level.id} whose line is not in ${level.source.file}:${level.source.anchor}`);
        });

        test(`${level.id}: the goal is ${level.goal.impossible ? "impossible, in every schedule" : "reachable"}`, () => {
            const { goals, schedules, ends } = engine.enumerate(level);
            if (level.goal.impossible) assert.equal(goals, 0, `${goals} of ${schedules} schedules reach the "impossible" goal`);
            else assert.ok(goals > 0, `no schedule reaches the goal; ends: ${ends}`);
            for (const end of level.goal.ends ?? []) {
                assert.equal(ends.includes(end), !level.goal.impossible, `goal end state ${end}`);
            }
        });
    }

    test("each level is on a page in both editions, showing exactly its example's region", () => {
        for (const lang of ["ko", "en"]) {
            const found = new Map();
            const dir = path.join(root, "src", lang);
            const pages = fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".md"));
            for (const page of pages) {
                const text = fs.readFileSync(path.join(dir, page), "utf8");
                const re = /<div class="stepper" data-level="(\w+)">\n\n```text\n((?:\{\{#include [^}]+\}\}\n)+)```\n\n<\/div>/g;
                for (const [, id, includes] of text.matchAll(re)) {
                    const shown = [...includes.matchAll(/\{\{#include ([^:}]+):(\w+)\}\}/g)].map(([, file, anchor]) => [
                        path.relative(root, path.resolve(path.dirname(path.join(dir, page)), file)),
                        anchor,
                    ]);
                    assert.ok(!found.has(id), `${lang}: level ${id} is on two pages`);
                    found.set(id, { page, shown });
                }
                const loose = (text.match(/data-level=/g) ?? []).length;
                const matched = [...text.matchAll(re)].length;
                assert.equal(loose, matched, `src/${lang}/${page}: a data-level element that is not the stepper's markup (a div, a text block of includes, the closing div)`);
            }
            for (const level of all) {
                const at = found.get(level.id);
                assert.ok(at, `src/${lang}: no page shows level ${level.id}`);
                const want = [].concat(level.source.anchor).map((a) => [level.source.file, a]);
                assert.deepEqual(at.shown, want, `src/${lang}/${at.page}: level ${level.id} shows other lines than its steps name`);
            }
        }
    });

    test("enumerate.mjs --check passes, and a bad argument is refused", () => {
        const script = path.join(root, "site/levels/enumerate.mjs");
        execFileSync(process.execPath, [script, "--check"]);
        assert.throws(() => execFileSync(process.execPath, [script, "--bogus"], { stdio: "pipe" }), (error) => {
            assert.equal(error.status, 2);
            assert.match(String(error.stderr), /unknown argument '--bogus'/);
            return true;
        });
    });
});
