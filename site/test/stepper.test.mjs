// The stepper on the built site, in headless Chromium: every level is on its
// page in both editions and is played by clicks, through the testing
// contract (`data-level`, `data-thread`, `data-outcome`): to its goal, or,
// for a level whose goal is impossible, to its end. Also: a blocked thread's
// button is disabled and says why; the keyboard alone plays (Tab, Enter,
// number keys, U); a screen reader hears each step; progress survives a
// reload; no horizontal scroll at 390 px; and axe-core finds no serious or
// critical violation on a page with levels, mid-play, in a light and a dark theme.
//
//   NOTES_BOOK_DIR=... node --test site/test/stepper.test.mjs   (after tools/book build)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import * as engine from "../stepper/engine.js";
import { levels } from "../levels/enumerate.mjs";
import { answerOtherHosts, axeSource, bookDir, launchChromium, seriousViolations, serve, sitePath } from "../serve.mjs";

/** The page each level is on (exercise partials are included in their chapter's page). */
const PAGES = {
    race: "race-conditions.html",
    tickets: "race-conditions.html",
    lock_guard: "locks.html",
    deadlock: "synchronization.html",
    lock_order: "synchronization.html",
    philosophers: "synchronization.html",
    bounded_queue: "producer-consumer.html",
    lost_wakeup: "producer-consumer.html",
};
const ALL = levels();

let server, origin, browser;
const problems = [];

before(async () => {
    assert.ok(existsSync(path.join(bookDir, "stepper", "ui.js")), "build the site first: tools/book build");
    server = await serve();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchChromium();
});

after(async () => {
    await browser?.close();
    server?.close();
});

/** Opens a page of the built site with an empty localStorage (unless a context is given). */
async function open(pagePath, { theme = "light", width = 1280, context } = {}) {
    context ??= await browser.newContext({ viewport: { width, height: 900 } });
    await context.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
    const page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && problems.push(`${page.url()}: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
    // The stepper asks nothing of any other host; answer the Playground's
    // crate list (issue 18's Run buttons) so that no request leaves the machine.
    await answerOtherHosts(page, origin);
    await page.goto(origin + sitePath + pagePath);
    await page.locator("[data-level] .stepper-ui").first().waitFor({ timeout: 10_000 });
    return page;
}

/** Thread names, in click order, of a schedule that ends with the goal reached (or, if none can, any schedule). */
function schedule(level, wantGoal) {
    const search = (state) => {
        const moves = engine.runnable(level, state);
        if (moves.length === 0) return !wantGoal || state.goal ? [] : null;
        for (const t of moves) {
            const rest = search(engine.step(level, state, t).state);
            if (rest) return [t, ...rest];
        }
        return null;
    };
    return search(engine.initial(level)).map((t) => level.threads[t].name);
}

async function playByClicks(root, names) {
    for (const name of names) {
        const button = root.locator(`[data-thread="${name}"]`);
        assert.ok(await button.isEnabled(), `${name}'s button is disabled mid-schedule`);
        await button.click();
    }
}

for (const lang of ["en", "ko"]) {
    describe(`levels in ${lang}`, () => {
        // One page load for all the levels on a page: each level is its own element.
        for (const file of new Set(Object.values(PAGES))) {
            test(`${lang}/${file}`, async (t) => {
                const page = await open(`${lang}/${file}`);
                for (const level of ALL.filter((l) => PAGES[l.id] === file)) {
                    const impossible = level.goal.impossible === true;
                    await t.test(`${level.id}: played by clicks to ${impossible ? "its end, without the goal" : "the goal"}`, async () => {
                        const root = page.locator(`[data-level="${level.id}"]`);
                        assert.equal(await root.count(), 1);
                        await playByClicks(root, schedule(level, !impossible));
                        assert.equal(await root.getAttribute("data-outcome"), impossible ? "no-goal" : "goal");
                        for (const thread of level.threads) {
                            assert.ok(await root.locator(`[data-thread="${thread.name}"]`).isDisabled(), "a finished level leaves no thread to step");
                        }
                        // The log is the book's format: [thread] message, one line per logged step.
                        const log = (await root.locator(".stepper-log pre").textContent()).split("\n");
                        assert.ok(log.every((l) => /^\[[\w-]+\] \S/.test(l)), `log lines: ${log}`);
                        if (impossible) {
                            const { schedules } = engine.enumerate(level);
                            assert.match(await root.locator(".stepper-proof").textContent(), new RegExp(`\\b${schedules}\\b`));
                        }
                    });
                }
                await page.context().close();
            });
        }
    });
}

describe("playing", () => {
    test("a level played without reaching its goal ends with data-outcome no-goal", async () => {
        const page = await open("en/race-conditions.html");
        const root = page.locator('[data-level="race"]');
        await playByClicks(root, ["First", "First", "Second", "Second"]);
        assert.equal(await root.getAttribute("data-outcome"), "no-goal");
        await page.context().close();
    });

    for (const [lang, disk, printer] of [["en", "waits for the disk lock", "waits for the printer lock"], ["ko", "디스크 락을 기다립니다", "프린터 락을 기다립니다"]]) {
        test(`${lang}: a blocked thread's button is disabled and says why`, async () => {
            const page = await open(`${lang}/synchronization.html`);
            const root = page.locator('[data-level="deadlock"]');
            await playByClicks(root, ["A", "B"]);
            const a = root.locator('[data-thread="A"]');
            assert.ok(await a.isDisabled());
            const described = await page.evaluate((el) => document.getElementById(el.getAttribute("aria-describedby")).textContent, await a.elementHandle());
            assert.equal(described, disk);
            assert.equal(await page.evaluate((el) => document.getElementById(el.getAttribute("aria-describedby")).textContent, await root.locator('[data-thread="B"]').elementHandle()), printer);
            assert.equal(await root.getAttribute("data-outcome"), "goal");
            await page.context().close();
        });
    }

    test("keyboard alone: Tab to a thread, Enter steps, a number key steps, U undoes; each step is announced", async () => {
        const page = await open("en/race-conditions.html");
        const root = page.locator('[data-level="race"]');
        const first = root.locator('[data-thread="First"]');
        // From the level's title, Tab reaches the first thread's button.
        await root.locator(".stepper-title").evaluate((p) => {
            p.tabIndex = -1;
            p.focus();
        });
        let reached = false;
        for (let i = 0; i < 5 && !reached; i++) {
            await page.keyboard.press("Tab");
            reached = await first.evaluate((b) => b === document.activeElement);
        }
        assert.ok(reached, "Tab never reached First's button");
        await page.keyboard.press("Enter");
        const live = root.locator("[aria-live]");
        assert.equal(await live.textContent(), "[First] read 0");
        await page.keyboard.press("2");
        assert.equal(await live.textContent(), "[Second] read 0");
        assert.equal(await root.locator(".stepper-log pre").textContent(), "[First] read 0\n[Second] read 0");
        await page.keyboard.press("u");
        assert.equal(await root.locator(".stepper-log pre").textContent(), "[First] read 0");
        assert.match(await live.textContent(), /Undid Second/);
        await page.keyboard.press("2");
        await page.keyboard.press("1");
        await page.keyboard.press("2");
        assert.equal(await root.getAttribute("data-outcome"), "goal");
        assert.match(await live.textContent(), /wrote 1.*ended: total=1/);
        await page.context().close();
    });

    test("progress survives a reload, and Reset starts over", async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        let page = await open("ko/locks.html", { context });
        let root = page.locator('[data-level="lock_guard"]');
        await playByClicks(root, ["First", "First"]);
        await page.reload();
        root = page.locator('[data-level="lock_guard"]');
        await root.locator(".stepper-ui").waitFor();
        assert.equal(await root.locator(".stepper-log pre").textContent(), "[First] starting update\n[First] has the lock");
        assert.ok(await root.locator('[data-thread="Second"]').isEnabled());
        await root.locator(".stepper-reset").click();
        assert.equal(await root.locator(".stepper-log pre").textContent(), "(아직 실행한 단계가 없습니다)");
        await context.close();
    });
});

describe("layout and accessibility", () => {
    const pages = [...new Set(Object.values(PAGES))];
    for (const lang of ["ko", "en"]) {
        for (const file of pages) {
            // Light at phone width, where the horizontal scroll is checked too; dark at desktop width.
            for (const [theme, width] of [["light", 390], ["navy", 1280]]) {
                test(`${lang}/${file}, ${theme} at ${width} px: axe-core finds no serious or critical violation ${width === 390 ? "on the page, its levels mid-play; no horizontal scroll" : "in its levels, mid-play"}`, async () => {
                    const page = await open(`${lang}/${file}`, { theme, width });
                    // Mid-play, so that current lines, blocked threads and the log are checked too.
                    for (const level of ALL.filter((l) => PAGES[l.id] === file)) {
                        await playByClicks(page.locator(`[data-level="${level.id}"]`), schedule(level, !level.goal.impossible).slice(0, 3));
                    }
                    if (width === 390) {
                        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
                        assert.ok(scroll <= inner, `the page is ${scroll} px wide in a ${inner} px window`);
                    }
                    await page.addScriptTag({ content: axeSource });
                    // At phone width the whole page, mid-play; at desktop width,
                    // where site/test/a11y.test.mjs checks every page as loaded,
                    // the levels mid-play.
                    const violations = await seriousViolations(page, width === 390 ? null : "[data-level]");
                    assert.deepEqual(violations, []);
                    await page.context().close();
                });
            }
        }
    }

    test("no console errors on the pages played", () => {
        assert.deepEqual(problems, []);
    });
});
