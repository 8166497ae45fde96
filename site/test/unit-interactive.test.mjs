// Unit tests of the logic in theme/predict.js and theme/timeline-link.js,
// without a browser: each script, run where there is no `document`, only
// defines its functions (on globalThis) and touches nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

/** A value from the script's realm as a plain value of this one. */
const plain = (value) => JSON.parse(JSON.stringify(value));

function load(script) {
    const code = readFileSync(fileURLToPath(new URL(`../../theme/${script}`, import.meta.url)), "utf8");
    const context = vm.createContext({});
    vm.runInContext(code, context, { filename: script });
    return context;
}

const { NotesPredict: predict } = load("predict.js");
const { NotesTimelineLink: link } = load("timeline-link.js");

const choices = [
    { output: "a1 a2 b1 b2", possible: true, seen: 806 },
    { output: "a1 b1 a2 b2", possible: false, seen: 0 },
    { output: "b1 a1 a2 b2", possible: true, seen: 9 },
];

test("a right answer ticks every possible output and nothing else", () => {
    const graded = predict.grade(choices, ["a1 a2 b1 b2", "b1 a1 a2 b2"]);
    assert.deepEqual(plain(graded.map((g) => g.verdict)), ["possibleTicked", "impossibleLeft", "possibleTicked"]);
    assert.deepEqual(plain(predict.score(graded)), { right: 3, total: 3 });
});

test("a wrong answer says which ticks were wrong and which were missed", () => {
    const graded = predict.grade(choices, ["a1 b1 a2 b2", "b1 a1 a2 b2"]);
    assert.deepEqual(plain(graded.map((g) => [g.ticked, g.right, g.verdict])), [
        [false, false, "possibleMissed"],
        [true, false, "impossibleTicked"],
        [true, true, "possibleTicked"],
    ]);
    assert.deepEqual(plain(predict.score(graded)), { right: 1, total: 3 });
    assert.deepEqual(plain(predict.score(predict.grade(choices, []))), { right: 1, total: 3 });
});

test("every verdict has words in both languages, and other languages read English", () => {
    for (const lang of ["ko", "en"]) {
        const w = predict.words(lang);
        for (const key of ["legend", "check", "again", "possibleTicked", "possibleMissed", "impossibleTicked", "impossibleLeft", "noRuns", "allRight", "answer"]) {
            assert.ok(typeof w[key] === "string" && w[key].length > 0, `${lang}: ${key}`);
        }
        assert.match(w.seen(3, 1000), /3/);
        assert.match(w.score(2, 7), /2/);
    }
    assert.match(predict.words("ko").legend, /[가-힣]/);
    assert.equal(predict.words("fr"), predict.words("en"));
});

test("saved answers are per page and question, and survive new choices", () => {
    assert.equal(predict.storageKey("/ko/locks.html", "predict_relaxed_flag"), "notes-predict:/ko/locks.html#predict_relaxed_flag");
    assert.notEqual(predict.storageKey("/ko/locks.html", "q"), predict.storageKey("/en/locks.html", "q"));
    const saved = JSON.stringify({ ticked: ["a1 a2 b1 b2", "gone since", 3], checked: true });
    assert.deepEqual(plain(predict.parseSaved(saved, choices)), { ticked: ["a1 a2 b1 b2"], checked: true });
    assert.deepEqual(plain(predict.parseSaved('{"ticked": []}', choices)), { ticked: [], checked: false });
    for (const bad of [null, "", "not json", "{}", '{"ticked": "a1"}', "null"]) {
        assert.equal(predict.parseSaved(bad, choices), null, String(bad));
    }
});

test("an output block splits into lines, log lines numbered as the trace's", () => {
    const text = " 0.000s [worker-0] First: starting\n\nthread 'worker-2' panicked at x.rs:1:1:\n 0.001s [main] results: 1 and 2\n";
    assert.deepEqual(plain(link.splitLog(text).map((l) => l.seq)), [0, null, null, 1]);
    assert.deepEqual(plain(link.splitLog(text).map((l) => l.text)[3]), " 0.001s [main] results: 1 and 2");
    assert.deepEqual(plain(link.splitLog("12.345s [A (2)] x").map((l) => l.seq)), [0]);
    assert.deepEqual(plain(link.splitLog("no log here").map((l) => l.seq)), [null]);
});

test("data-seq lists line indices; anything else is ignored", () => {
    assert.deepEqual(plain(link.parseSeq("3")), [3]);
    assert.deepEqual(plain(link.parseSeq("2 17")), [2, 17]);
    assert.deepEqual(plain(link.parseSeq(" 4  x -1 5 ")), [4, 5]);
    assert.deepEqual(plain(link.parseSeq(undefined)), []);
});

test("the arrow keys, Home and End move within a group and stop at its ends", () => {
    assert.equal(link.step("ArrowRight", 0, 3), 1);
    assert.equal(link.step("ArrowDown", 2, 3), 2);
    assert.equal(link.step("ArrowLeft", 0, 3), 0);
    assert.equal(link.step("ArrowUp", 2, 3), 1);
    assert.equal(link.step("Home", 2, 3), 0);
    assert.equal(link.step("End", 0, 3), 2);
    assert.equal(link.step("Tab", 0, 3), null);
    assert.equal(link.step("Enter", 0, 3), null);
});
