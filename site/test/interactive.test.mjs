// The page's interactive parts in a real browser (Debian's Chromium,
// headless), in both editions, in a light and a dark theme, at desktop and
// phone width, with no script errors or console errors:
// - "predict the output" (theme/predict.js): answered rightly and wrongly,
//   remembered across a reload, started again; without JavaScript the
//   question stays hidden and the folded answer is there;
// - a timeline linked to its log (theme/timeline-link.js): hovering over a
//   mark lights its log line and the reverse, and so does keyboard focus;
//   every timeline whose figure says how many log lines it was drawn from is
//   linked on its page.
//
//   NOTES_BOOK_DIR=/tmp/book tools/book build && NOTES_BOOK_DIR=/tmp/book node --test site/test/interactive.test.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bookDir, chapters, serve, sitePath, launchChromium } from "../serve.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const languages = ["ko", "en"];
const themes = [["light", "light"], ["navy", "dark"]];
const widths = [["desktop", 1200], ["phone", 390]];

// The question and the timeline the tests work with, on the page that shows them.
const QUESTION = { page: "threads-and-join.html", name: "predict_spawn" };
const TIMELINE = { page: "threads-and-join.html", id: "fig-thread-join" };

/** The generated choices of a question, as the page holds them. */
function choices(name) {
    const html = readFileSync(path.join(repo, `outputs/predict/${name}.choices.html`), "utf8");
    return [...html.matchAll(/<li data-possible="(true|false)" data-seen="(\d+)">(.*)<\/li>/g)]
        .map((m) => ({ possible: m[1] === "true", seen: Number(m[2]), output: m[3].replaceAll("&amp;", "&") }));
}

const site = (pagePath) => sitePath + pagePath.replace(/^\//, "");
let server, origin, browser;

before(async () => {
    assert.ok(existsSync(path.join(bookDir, "ko", "index.html")), "build the site first: tools/book build");
    server = await serve();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchChromium();
});

after(async () => {
    await browser?.close();
    server?.close();
});

/** A fresh browser context (its own localStorage) in a theme at a width. */
async function newContext(theme, width, javaScriptEnabled = true) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
    // No network here. mdBook asks the Playground for its crate list on
    // every page with a Run button: answer that with an empty list (the Run
    // buttons' own tests check what they send); refuse anything else.
    await context.route((url) => url.origin !== origin, (route) =>
        route.request().url().endsWith("/meta/crates")
            ? route.fulfill({ contentType: "application/json", body: JSON.stringify({ crates: [] }) })
            : route.abort());
    await context.addInitScript((t) => {
        if (!sessionStorage.getItem("theme-set")) {
            localStorage.setItem("mdbook-theme", t);
            sessionStorage.setItem("theme-set", "1");
        }
    }, theme);
    return context;
}

/**
 * Opens a page; collects script errors and console errors. There is no
 * network here: a request to another host (the Playground's crate list,
 * which the Run buttons' own tests answer) fails, and the console error
 * that a failed load logs is theirs to check, not these tests'.
 */
async function open(context, url) {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
        const from = message.location().url ?? "";
        const elsewhere = /^Failed to load resource/.test(message.text()) && from !== "" && !from.startsWith(origin);
        if (message.type() === "error" && !elsewhere) errors.push(message.text());
    });
    await page.goto(origin + site(url));
    return { page, errors };
}

/** Ticks exactly `outputs` in the question, then checks. */
async function answer(quiz, outputs) {
    for (const box of await quiz.locator("input[type=checkbox]").all()) {
        const value = await box.getAttribute("value");
        await box.setChecked(outputs.includes(value));
    }
    await quiz.locator("button.predict-check").click();
}

/** What the question shows for each choice, and its summary. */
function shown(quiz) {
    return quiz.evaluate((q) => ({
        rows: [...q.querySelectorAll(".predict-choice")].map((li) => ({
            output: li.querySelector("input").value,
            ticked: li.querySelector("input").checked,
            right: li.classList.contains("is-right"),
            wrong: li.classList.contains("is-wrong"),
            verdict: li.querySelector(".predict-verdict").textContent,
            bar: li.querySelector(".predict-bar > span").getBoundingClientRect().width,
            fits: li.getBoundingClientRect().right <= document.querySelector("#content main").getBoundingClientRect().right + 1,
        })),
        score: q.querySelector(".predict-score").textContent,
        answerOpen: q.nextElementSibling?.tagName === "DETAILS" && q.nextElementSibling.open,
    }));
}

for (const language of languages) {
    describe(`predict the output, ${language} edition`, () => {
        const all = choices(QUESTION.name);
        const possible = all.filter((c) => c.possible).map((c) => c.output);
        const impossible = all.filter((c) => !c.possible).map((c) => c.output);

        test("the generated choices hold loom's set and wrong outputs", () => {
            const set = readFileSync(path.join(repo, `outputs/predict/${QUESTION.name}.possible`), "utf8").trim().split("\n");
            assert.deepEqual([...possible].sort(), [...set].sort());
            assert.ok(impossible.length >= 2, "at least two wrong outputs");
        });

        for (const [theme, kind] of themes) {
            for (const [widthName, width] of widths) {
                test(`answered rightly, remembered, wrongly, started again (${theme}, ${kind}, ${widthName})`, async () => {
                    const context = await newContext(theme, width);
                    try {
                        const { page, errors } = await open(context, `/${language}/${QUESTION.page}#predict-spawn`);
                        const quiz = page.locator(`.predict-quiz[data-predict="${QUESTION.name}"]`);
                        await quiz.scrollIntoViewIfNeeded();
                        assert.ok(await quiz.isVisible(), "the question is shown");
                        assert.equal(await quiz.locator("input[type=checkbox]").count(), all.length);
                        const legend = await quiz.locator("legend").textContent();
                        if (language === "ko") assert.match(legend, /[가-힣]/, "the question is in Korean");

                        // Rightly: every possible output, nothing else.
                        await answer(quiz, possible);
                        let s = await shown(quiz);
                        assert.ok(s.rows.every((r) => r.right && !r.wrong), JSON.stringify(s.rows));
                        assert.ok(s.answerOpen, "the folded answer (loom's set, the runs) opens");
                        assert.match(s.score, language === "ko" ? new RegExp(`${all.length}개 중 ${all.length}개`) : new RegExp(`${all.length} of ${all.length} right`));
                        for (const r of s.rows) {
                            const c = all.find((x) => x.output === r.output);
                            assert.equal(r.bar > 0, c.seen > 0, `${r.output}: the histogram bar`);
                            assert.ok(r.verdict.startsWith("✓"), r.verdict);
                            assert.ok(r.verdict.includes(String(c.seen)), `${r.verdict}: how many runs printed it`);
                            assert.ok(r.fits, `${r.output}: runs out of the column`);
                        }

                        // Remembered across a reload, verdicts and all.
                        await page.reload();
                        s = await shown(quiz);
                        assert.deepEqual(s.rows.filter((r) => r.ticked).map((r) => r.output).sort(), [...possible].sort());
                        assert.ok(s.rows.every((r) => r.right), "the checked answer is shown again after a reload");

                        // Wrongly: one impossible output ticked, one possible left out.
                        await answer(quiz, [...possible.slice(1), impossible[0]]);
                        s = await shown(quiz);
                        const ticked = s.rows.find((r) => r.output === impossible[0]);
                        const missed = s.rows.find((r) => r.output === possible[0]);
                        assert.ok(ticked.wrong && ticked.verdict.startsWith("✗"), JSON.stringify(ticked));
                        assert.ok(missed.wrong && missed.verdict.startsWith("✗"), JSON.stringify(missed));
                        assert.equal(s.rows.filter((r) => r.right).length, all.length - 2);
                        assert.match(s.score, language === "ko" ? new RegExp(`${all.length}개 중 ${all.length - 2}개`) : new RegExp(`${all.length - 2} of ${all.length} right`));

                        // A changed tick clears the verdicts; starting again clears the ticks and the memory.
                        await quiz.locator("input[type=checkbox]").first().click();
                        s = await shown(quiz);
                        assert.ok(s.rows.every((r) => !r.right && !r.wrong && r.verdict === ""), "verdicts cleared");
                        await quiz.locator("button.predict-again").click();
                        await page.reload();
                        s = await shown(quiz);
                        assert.ok(s.rows.every((r) => !r.ticked), "started again, nothing ticked after a reload");
                        assert.deepEqual(errors, [], "script or console errors");
                    } finally {
                        await context.close();
                    }
                });
            }
        }

        test("each page's questions work on their own, and the memory is per page", async () => {
            const context = await newContext("light", 1200);
            try {
                const { page, errors } = await open(context, `/${language}/${QUESTION.page}`);
                const quiz = page.locator(`.predict-quiz[data-predict="${QUESTION.name}"]`);
                await answer(quiz, possible);
                const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("notes-predict:")));
                assert.deepEqual(keys, [`notes-predict:${sitePath}${language}/${QUESTION.page}#${QUESTION.name}`]);
                // Every question on every page is built.
                for (const file of chapters(language)) {
                    const html = readFileSync(path.join(bookDir, language, file), "utf8");
                    const names = [...html.matchAll(/class="predict-quiz" data-predict="([^"]+)"/g)].map((m) => m[1]);
                    if (names.length === 0) continue;
                    await page.goto(origin + site(`/${language}/${file}`));
                    for (const name of names) {
                        const q = page.locator(`.predict-quiz[data-predict="${name}"]`);
                        assert.ok(await q.locator("form.predict-form").count() === 1, `${file}: ${name} is not built`);
                        assert.equal(await q.locator("input[type=checkbox]").count(), choices(name).length, `${file}: ${name}`);
                    }
                }
                assert.deepEqual(errors, []);
            } finally {
                await context.close();
            }
        });

        test("without JavaScript, the question stays hidden and the folded answer is there", async () => {
            const context = await newContext("light", 390, false);
            try {
                const { page } = await open(context, `/${language}/${QUESTION.page}`);
                const quiz = page.locator(`.predict-quiz[data-predict="${QUESTION.name}"]`);
                assert.equal(await quiz.count(), 1);
                assert.ok(!(await quiz.isVisible()), "the hidden choices stay hidden");
                const details = page.locator(`.predict-quiz[data-predict="${QUESTION.name}"] + details`);
                assert.ok(await details.isVisible(), "the folded answer follows the question");
                await details.locator("summary").click();
                assert.ok(await details.locator("pre").first().isVisible(), "the answer unfolds");
                assert.equal(await page.locator(`#${TIMELINE.id}-title`).evaluate((t) => t.closest("svg").getAttribute("role")), "img",
                    "an unlinked timeline is a picture");
            } finally {
                await context.close();
            }
        });
    });

    describe(`timelines linked to their logs, ${language} edition`, () => {
        for (const [theme, kind] of themes) {
            for (const [widthName, width] of widths) {
                test(`hover and focus light the other side (${theme}, ${kind}, ${widthName})`, async () => {
                    const context = await newContext(theme, width);
                    try {
                        const { page, errors } = await open(context, `/${language}/${TIMELINE.page}`);
                        const svg = page.locator(`svg:has(#${TIMELINE.id}-title)`);
                        await svg.scrollIntoViewIfNeeded();
                        assert.equal(await svg.getAttribute("role"), "group", "a linked timeline is a group of links");
                        assert.match(await svg.getAttribute("class"), /fig-linked/);
                        const pre = page.locator("pre.log-linked").filter({ has: page.locator(".log-line") })
                            .and(page.locator(`pre:has(+ figure svg #${TIMELINE.id}-title)`));
                        const lit = () => page.evaluate(() => [...document.querySelectorAll(".is-linked")]
                            .map((e) => `${e.tagName.toLowerCase()}:${e.dataset.seq}`));

                        // Hover over main's join mark: its log line lights, and only the mark and that line.
                        const join = svg.locator(".fig-mark-join[data-seq]").first();
                        const seq = await join.getAttribute("data-seq");
                        await join.hover({ force: true });
                        const line = pre.locator(`.log-line[data-seq="${seq}"]`);
                        assert.ok(await line.evaluate((l) => l.classList.contains("is-linked")), "the join's log line lights");
                        assert.ok((await lit()).includes(`span:${seq}`), JSON.stringify(await lit()));
                        assert.match(await line.textContent(), /\[main\]/, "the join was logged by main");
                        const colours = await line.evaluate((l) => {
                            const style = getComputedStyle(l);
                            return { background: style.backgroundColor, page: getComputedStyle(document.body).backgroundColor };
                        });
                        assert.notEqual(colours.background, colours.page, "the lit line stands out");
                        assert.notEqual(colours.background, "rgba(0, 0, 0, 0)");

                        // The reverse: hover over a log line, its marks light.
                        await page.mouse.move(0, 0);
                        assert.deepEqual(await lit(), [], "nothing stays lit");
                        const first = pre.locator(".log-line[role=link]").first();
                        const firstSeq = await first.getAttribute("data-seq");
                        await first.hover();
                        const marks = await svg.locator(".is-linked").evaluateAll((es) => es.map((e) => e.dataset.seq));
                        assert.ok(marks.length > 0 && marks.every((s) => s.split(" ").includes(firstSeq)), JSON.stringify(marks));
                        await page.mouse.move(0, 0);

                        // Keyboard: the figure is one tab stop; the arrows move, Enter jumps to the log line.
                        const stop = svg.locator("[data-seq][tabindex='0']");
                        assert.equal(await stop.count(), 1, "one tab stop in the figure");
                        await stop.focus();
                        await page.keyboard.press("ArrowRight");
                        const focused = () => page.evaluate(() => ({
                            seq: document.activeElement?.dataset?.seq,
                            role: document.activeElement?.getAttribute("role"),
                            label: document.activeElement?.getAttribute("aria-label"),
                            inSvg: !!document.activeElement?.closest("svg"),
                            tag: document.activeElement?.tagName.toLowerCase(),
                        }));
                        let f = await focused();
                        assert.ok(f.inSvg && f.role === "link" && f.label, JSON.stringify(f));
                        assert.match(f.label, language === "ko" ? /로그 줄 \d+: / : /log line \d+: /);
                        const want = f.seq.split(" ")[0];
                        assert.ok((await lit()).includes(`span:${want}`), `focus lights the log line: ${JSON.stringify(await lit())}`);
                        await page.keyboard.press("Enter");
                        f = await focused();
                        assert.equal(f.tag, "span", "Enter moves to the log line");
                        assert.equal(f.seq, want);
                        assert.ok((await lit()).some((x) => x.startsWith("g:")), "a focused log line lights its marks");
                        await page.keyboard.press("ArrowDown");
                        const next = await focused();
                        assert.equal(next.tag, "span");
                        assert.ok(Number(next.seq) > Number(want), "ArrowDown moves to a later linked line");
                        await page.keyboard.press("Enter");
                        assert.ok((await focused()).inSvg, "Enter moves back into the figure");
                        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
                        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
                        assert.deepEqual(errors, [], "script or console errors");
                    } finally {
                        await context.close();
                    }
                });
            }
        }

        test("every timeline drawn from a log is linked to the block above it", async () => {
            const context = await newContext("light", 1200);
            try {
                const { page, errors } = await open(context, `/${language}/index.html`);
                let linked = 0;
                for (const file of chapters(language)) {
                    const html = readFileSync(path.join(bookDir, language, file), "utf8");
                    const count = (html.match(/<svg[^>]* data-log-lines="/g) ?? []).length;
                    if (count === 0) continue;
                    await page.goto(origin + site(`/${language}/${file}`));
                    const figures = await page.$$eval("svg.fig-timeline[data-log-lines]", (svgs) => svgs.map((svg) => ({
                        id: svg.querySelector("title")?.id.replace(/-title$/, ""),
                        linked: svg.classList.contains("fig-linked"),
                        lines: Number(svg.dataset.logLines),
                        shown: svg.closest("figure").previousElementSibling.querySelectorAll(".log-line").length,
                    })));
                    for (const f of figures) {
                        assert.ok(f.linked, `${language}/${file} ${f.id} is not linked to its log: `
                            + "put the output block (its ```text block) right above the figure");
                        assert.equal(f.shown, f.lines, `${language}/${file} ${f.id}`);
                        linked += 1;
                    }
                }
                assert.ok(linked >= 10, `only ${linked} linked timelines`);
                assert.deepEqual(errors, []);
            } finally {
                await context.close();
            }
        });
    });
}
