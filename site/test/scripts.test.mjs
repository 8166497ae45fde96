// The site's scripts refuse bad input with one line that names the script and
// exit status 2, before they start a browser or touch an index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const site = fileURLToPath(new URL("..", import.meta.url));

function assertRefused(script, args, expected) {
    const run = spawnSync(process.execPath, [script, ...args], { cwd: site, encoding: "utf8" });
    const what = `${script} ${args.join(" ")}`;
    assert.equal(run.status, 2, `${what}: ${run.stderr}`);
    assert.equal(run.stderr.trimEnd().split("\n").length, 1, `${what}: ${run.stderr}`);
    assert.ok(run.stderr.startsWith(`${script}: `) && run.stderr.includes(expected), `${what}: ${run.stderr}`);
    assert.equal(run.stdout, "", `${what} did something anyway`);
}

test("shots.mjs refuses missing or bad arguments", () => {
    assertRefused("shots.mjs", [], "needs OUT_DIR");
    assertRefused("shots.mjs", ["/tmp/shots", "localhost:3000", "en/gil.html"], "BASE_URL");
    assertRefused("shots.mjs", ["/tmp/shots", "http://localhost:3000/"], "at least one PAGE");
});

test("search-index.mjs refuses a directory without a built book", () => {
    assertRefused("search-index.mjs", ["/nonexistent-book"], "no built ko or en edition in /nonexistent-book");
    assertRefused("search-index.mjs", ["book", "extra"], "one BOOK_DIR at most");
});

test("pdf.mjs refuses missing or bad arguments", () => {
    assertRefused("pdf.mjs", [], "needs BOOK_DIR and at least one LANG");
    assertRefused("pdf.mjs", ["book"], "needs at least one LANG");
    assertRefused("pdf.mjs", ["book", "../ko"], "not a language code");
    assertRefused("pdf.mjs", ["/nonexistent-book", "ko"], "no ko/print.html in /nonexistent-book");
});
