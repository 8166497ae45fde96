// axe-core (site/node_modules/axe-core) on every page of both editions: each
// chapter, the table of contents page, the 404 page and the language chooser,
// whole (mdBook's own controls, the Run buttons' editors, the stepper's
// levels, the figures), at desktop width. By default each page is checked
// once, the pages taking the light theme and navy in turn, so that both
// themes are checked across the site (and a chapter in one edition takes the
// other theme in the other) at half the cost of every page in both; the
// stepper's test checks its pages in both themes. A serious or critical
// violation fails, named by page, rule and element. One browser; one tab per
// theme, reused from page to page. Then the keyboard fixes of theme/a11y.js,
// and mdBook's own controls named in Korean on a Korean page.
//
//   NOTES_BOOK_DIR=... node --test site/test/a11y.test.mjs   (after tools/book build)
//
// NOTES_A11Y_THEMES=light,navy,coal,ayu checks every page in each theme named.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { answerOtherHosts, axeSource, bookDir, chapters, launchChromium, seriousViolations, serve, sitePath } from "../serve.mjs";

const THEMES = (process.env.NOTES_A11Y_THEMES ?? "light,navy").split(",");
const EVERY_PAGE_IN_EACH_THEME = process.env.NOTES_A11Y_THEMES !== undefined;

let server, origin, browser;
const problems = [];

before(async () => {
    assert.ok(existsSync(path.join(bookDir, "en", "index.html")), "build the site first: tools/book build");
    server = await serve();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchChromium();
});

after(async () => {
    await browser?.close();
    server?.close();
});

/** Every page a reader opens: "" is the language chooser at the site's root;
 * LANG/404.html is where the site's 404 page sends a reader. Not toc.html:
 * mdBook's table of contents for a browser without JavaScript, which a page
 * shows only in a frame of its sidebar (its template has no <title>, which
 * axe-core asks of a whole page). */
function pages() {
    const all = [""];
    for (const lang of ["ko", "en"]) {
        all.push(...chapters(lang).map((f) => `${lang}/${f}`), `${lang}/404.html`);
    }
    return all;
}

for (const theme of THEMES) {
    describe(`axe-core, ${theme} theme, 1280 px`, () => {
        let page;
        before(async () => {
            const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            await context.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
            await context.addInitScript(axeSource);
            await answerOtherHosts(context, origin);
            page = await context.newPage();
            page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
        });
        after(async () => page?.context().close());

        const mine = pages().filter((_, i) => EVERY_PAGE_IN_EACH_THEME || i % THEMES.length === THEMES.indexOf(theme));
        for (const pagePath of mine) {
            test(`/${pagePath}: no serious or critical violation`, async () => {
                const response = await page.goto(origin + sitePath + pagePath);
                assert.equal(response.status(), 200);
                if (pagePath.includes("/")) {
                    // A chapter (the root's chooser and 404 page have no themes).
                    assert.ok(await page.evaluate((t) => document.documentElement.classList.contains(t), theme), `not in ${theme}`);
                }
                assert.deepEqual(await seriousViolations(page), []);
            });
        }
    });
}

describe("by keyboard (theme/a11y.js)", () => {
    let page;
    before(async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await answerOtherHosts(context, origin);
        page = await context.newPage();
        page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
        await page.goto(`${origin}${sitePath}en/race-conditions.html`);
    });
    after(async () => page?.context().close());

    test("the sidebar toggle is a button: Enter and Space hide and show the sidebar", async () => {
        const toggle = page.locator("#sidebar-toggle");
        assert.equal(await toggle.getAttribute("role"), "button");
        await toggle.focus();
        await page.keyboard.press("Enter");
        assert.equal(await toggle.getAttribute("aria-expanded"), "false");
        assert.ok(await page.evaluate(() => document.body.classList.contains("sidebar-hidden")));
        await page.keyboard.press(" ");
        assert.equal(await toggle.getAttribute("aria-expanded"), "true");
        assert.ok(await page.evaluate(() => document.body.classList.contains("sidebar-visible")));
    });

    test("a code block that scrolls takes the focus, and → scrolls it rather than turning the page", async () => {
        const scrolling = page.locator("main pre > code[data-scroll-focus]").first();
        assert.equal(await scrolling.getAttribute("tabindex"), "0");
        await scrolling.focus();
        await page.keyboard.press("ArrowRight");
        await page.waitForFunction(() => document.activeElement.scrollLeft > 0, null, { timeout: 5_000 });
        assert.match(page.url(), /race-conditions\.html$/);
        // One that fits stays out of the tab order.
        assert.ok(await page.evaluate(() => [...document.querySelectorAll("main pre > code")]
            .some((c) => c.scrollWidth <= c.clientWidth && !c.hasAttribute("tabindex"))));
    });
});

describe("mdBook's controls in the page's language (theme/a11y.js)", () => {
    // The names mdBook 0.4.51 gives its controls, in English on every page.
    const ENGLISH = ["Toggle Table of Contents", "Table of contents", "Change theme", "Themes",
        "Print this book", "Git repository", "Suggest an edit", "Previous chapter", "Next chapter",
        "Page navigation", "Copy to clipboard", "Show hidden lines", "Hide lines", "Run this code", "Undo changes"];
    const names = (page) => page.$$eval("[title], [aria-label]", (elements) =>
        elements.flatMap((e) => [e.getAttribute("title"), e.getAttribute("aria-label")]).filter(Boolean));

    for (const language of ["ko", "en"]) {
        test(`${language}: ${language === "ko" ? "no control is named in English, also after a toggle and a copy" : "mdBook's English names stay"}`, async () => {
            const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            await answerOtherHosts(context, origin);
            try {
                const page = await context.newPage();
                page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
                // A chapter whose Run blocks have hidden lines to show.
                await page.goto(`${origin}${sitePath}${language}/race-conditions.html`);
                const before = await names(page);
                assert.ok(before.length > 10, `only ${before.length} named controls`);
                if (language === "en") {
                    for (const name of ["Next chapter", "Copy to clipboard", "Toggle Table of Contents"]) {
                        assert.ok(before.includes(name), `no "${name}" on the English page`);
                    }
                    return;
                }
                assert.deepEqual(before.filter((n) => ENGLISH.includes(n)), []);
                for (const name of ["다음 장", "클립보드에 복사하기", "목차 보이기/숨기기"]) {
                    assert.ok(before.includes(name), `no "${name}" on the Korean page`);
                }
                // Names book.js sets later: a hidden-lines toggle, the copy button's tooltip.
                const toggle = page.locator("main pre button[title='숨긴 줄 보이기']").first();
                await toggle.scrollIntoViewIfNeeded();
                await toggle.click();
                await page.waitForFunction(() => document.querySelector("main pre button[title='줄 숨기기']"), null, { timeout: 5_000 });
                const copy = page.locator("main pre .clip-button").first();
                await copy.scrollIntoViewIfNeeded();
                await copy.hover();
                await copy.click();
                await page.waitForFunction(() => /복사했습니다|복사하지 못했습니다/.test(document.querySelector("main pre .clip-button").textContent),
                    null, { timeout: 5_000 });
                assert.deepEqual((await names(page)).filter((n) => ENGLISH.includes(n)), []);
            } finally {
                await context.close();
            }
        });
    }
});

test("no page errors on the pages checked", () => {
    assert.deepEqual(problems, []);
});
