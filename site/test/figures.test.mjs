// The book's figures in a real browser (Debian's Chromium, headless), and the
// PDF of each edition: every page with a figure, in both languages, in a light
// and a dark theme, at desktop and phone width; each figure is shown, fits its
// column (or scrolls sideways inside its own frame), draws no text smaller
// than 10 CSS px, takes the theme's colours and has a text alternative in the
// page's language. The PDFs hold the chapter titles and the figures' words.
//
//   tools/book build && npm test --prefix site
//
// Pages with figures are found in the built site. FIGURES lists the ones that
// must be there (page, figure id), so that a figure that drops off a page fails.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { bookDir, chapters, repoDir, serve, sitePath, launchChromium } from "../serve.mjs";

const root = repoDir;

const languages = ["ko", "en"];

// [page, figure id] for every figure the
// pages must show (the same pages in both editions). `cargo test` checks that
// it names exactly the figures the pages include
// (checks/tests/book_figures.rs, the_browser_tests_list_every_figure_the_pages_show).
const FIGURES = [
    ["why-concurrency.html", "fig-tickers"],
    ["processes-and-threads.html", "fig-memory-layout"],
    ["threads-and-join.html", "fig-thread-spawn"],
    ["threads-and-join.html", "fig-thread-join"],
    ["daemon-threads.html", "fig-daemon"],
    ["daemon-threads.html", "fig-daemon-shutdown"],
    ["thread-pools.html", "fig-pool"],
    ["thread-pools.html", "fig-pool-submit"],
    ["thread-pools.html", "fig-pool-map"],
    ["synchronization.html", "fig-semaphore"],
    ["synchronization.html", "fig-deadlock"],
    ["race-conditions.html", "fig-race-steps"],
    ["race-conditions.html", "fig-race"],
    ["race-conditions.html", "fig-race-memory"],
    ["locks.html", "fig-lock-guard"],
    ["atomics.html", "fig-store-buffers"],
    ["producer-consumer.html", "fig-queue"],
    ["producer-consumer.html", "fig-prodcons"],
    ["producer-consumer.html", "fig-prodcons-channel"],
    ["std-tools.html", "fig-rwlock"],
    ["async-hazards.html", "fig-cancel"],
    ["measured.html", "fig-measured-cpu"],
    ["measured.html", "fig-measured-handoff"],
    ["measured.html", "fig-measured-counter"],
    ["measured.html", "fig-measured-sharing"],
    ["measured.html", "fig-measured-spin"],
    ["measured.html", "fig-measured-spawn"],
    ["measured.html", "fig-gil-timeline"],
    ["measured.html", "fig-measured-pyext"],
    ["measured.html", "fig-gil-pyext"],
    ["back-to-python.html", "fig-measured-pyext"],
    ["back-to-python.html", "fig-gil-pyext"],
    ["spin-lock.html", "fig-spin-lock"],
    ["one-shot-channel.html", "fig-one-shot"],
];

/** The chapter pages of an edition that show at least one figure, found in the built HTML. */
function pagesWithFigures(language) {
    return chapters(language)
        .filter((f) => /<svg[^>]*class="fig /.test(readFileSync(path.join(bookDir, language, f), "utf8")))
        .sort();
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

/** Opens a page in a theme (mdBook keeps the reader's choice in localStorage) at a width. */
async function open(url, theme, width) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(origin + site(url));
    return { page, context, errors };
}

/** What the test needs to know of each figure on the page, measured in the browser. */
function measureFigures(page) {
    return page.$$eval("svg.fig", (svgs) => {
        const main = document.querySelector("#content main") ?? document.querySelector("main");
        const column = main.getBoundingClientRect();
        const label = (svg) => (svg.getAttribute("aria-labelledby") ?? "")
            .split(/\s+/)
            .filter(Boolean)
            .map((id) => svg.querySelector(`[id="${id}"]`)?.textContent.trim() ?? "");
        return svgs.map((svg) => {
            svg.scrollIntoView();
            const box = svg.getBoundingClientRect();
            const style = getComputedStyle(svg);
            const text = svg.querySelector("text");
            // What the reader scrolls, if the figure is wider than the column.
            const frame = svg.closest("figure") ?? svg.parentElement;
            const frameBox = frame.getBoundingClientRect();
            // The size each text is drawn at, in CSS px: its font size in the
            // SVG's user units times the scale from user units to the screen.
            const textSizes = [...svg.querySelectorAll("text")]
                .filter((t) => t.textContent.trim() !== "" && t.getClientRects().length > 0)
                .map((t) => {
                    const ctm = t.getScreenCTM();
                    return {
                        text: t.textContent.trim(),
                        px: Number.parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b),
                    };
                });
            return {
                id: svg.querySelector("title")?.id.replace(/-title$/, "") ?? "(no title)",
                role: svg.getAttribute("role"),
                linked: svg.classList.contains("fig-linked"),
                labels: label(svg),
                width: box.width,
                height: box.height,
                left: box.left,
                right: box.right,
                columnLeft: column.left,
                columnRight: column.right,
                frameLeft: frameBox.left,
                frameRight: frameBox.right,
                frameScrolls: ["auto", "scroll"].includes(getComputedStyle(frame).overflowX),
                smallestText: textSizes.reduce((min, t) => (min && min.px <= t.px ? min : t), null),
                visible: style.display !== "none" && style.visibility !== "hidden" && Number(style.opacity) > 0,
                color: style.color,
                pageColor: getComputedStyle(main).color,
                textFill: text ? getComputedStyle(text).fill : null,
                background: getComputedStyle(document.body).backgroundColor,
            };
        });
    });
}

const themes = [["light", "light"], ["navy", "dark"]];
// The smallest text a figure may draw, in CSS px, at desktop and at phone
// width (390 px): a narrow figure keeps a wider minimum width and scrolls
// sideways inside its own frame instead.
const MIN_TEXT_PX = 10;
const widths = [["desktop", 1200], ["phone", 390]];

for (const language of languages) {
    describe(`figures, ${language} edition`, () => {
        const pages = existsSync(path.join(bookDir, language)) ? pagesWithFigures(language) : [];

        test("the pages show every figure listed for them", () => {
            for (const [page, id] of FIGURES) {
                const html = readFileSync(path.join(bookDir, language, page), "utf8");
                assert.ok(html.includes(`id="${id}-title"`), `${language}/${page} does not show figure ${id}`);
            }
        });

        for (const pageName of pages) {
            // One load per page: each theme chosen from mdBook's theme menu,
            // as a reader does, and each width in turn, the window resized.
            test(`${pageName}: ${themes.map(([theme, kind]) => `${theme} (${kind})`).join(" and ")}, ${widths.map(([name]) => name).join(" and ")}`, async () => {
                const { page, context, errors } = await open(`/${language}/${pageName}`, themes[0][0], widths[0][1]);
                try {
                    for (const [theme] of themes) {
                        await chooseTheme(page, theme, widths[0][1]);
                        for (const [, width] of widths) {
                            await resize(page, width);
                            await checkFigures(page, `${language}/${pageName}`, theme, width, language);
                        }
                    }
                    assert.deepEqual(errors, [], `${language}/${pageName}: script errors`);
                } finally {
                    await context.close();
                }
            });
        }
    });
}

/** Chooses `theme` in mdBook's theme menu (at desktop width, where the menu
 * bar shows it) and waits until the page has taken it. */
async function chooseTheme(page, theme, width) {
    await resize(page, width);
    if (await page.evaluate((t) => document.documentElement.classList.contains(t), theme)) return;
    await page.click("#theme-toggle");
    await page.click(`#theme-list button#${theme}`);
    await page.waitForFunction((t) => document.documentElement.classList.contains(t), theme, { timeout: 5_000 });
    await settle(page);
}

/** Resizes the page and shows or hides the sidebar as mdBook's page does
 * when it loads at that width (its inline script: visible from 1080 px, the
 * reader's choice aside), so that the page is laid out as one loaded at
 * this width. */
async function resize(page, width) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => {
        const visible = document.body.clientWidth >= 1080;
        document.getElementById("sidebar-toggle-anchor").checked = visible;
        const html = document.documentElement;
        html.classList.remove("sidebar-visible", "sidebar-hidden");
        html.classList.add(visible ? "sidebar-visible" : "sidebar-hidden");
    });
    // The sidebar slides in or out (a CSS transition): measure once it is done.
    await settle(page);
}

/** Waits for the next frame and for the transitions it started (a theme's
 * colours, the sidebar sliding) to end. */
async function settle(page) {
    await page.evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        // A transition that another change cancels rejects its promise: it is over too.
        await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));
    });
}

/** Every figure on the page, at the page's present width. */
async function checkFigures(page, pageName, theme, width, language) {
    // Layout follows a resize by the next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const figures = await measureFigures(page);
    assert.ok(figures.length > 0, `${pageName} has no figure in the browser`);
    for (const f of figures) {
        const where = `${pageName} ${f.id} (${theme}, ${width} px)`;
        assert.ok(f.visible && f.width > 100 && f.height > 20, `${where}: not shown (${f.width}×${f.height})`);
        assert.ok(f.frameLeft >= f.columnLeft - 1 && f.frameRight <= f.columnRight + 1,
            `${where}: runs out of its column (${f.frameLeft}–${f.frameRight} in ${f.columnLeft}–${f.columnRight})`);
        assert.ok(f.frameScrolls || (f.left >= f.frameLeft - 1 && f.right <= f.frameRight + 1),
            `${where}: wider than its figure (${f.left}–${f.right} in ${f.frameLeft}–${f.frameRight}), which does not scroll`);
        assert.ok(f.smallestText, `${where}: no text`);
        assert.ok(f.smallestText.px >= MIN_TEXT_PX,
            `${where}: text drawn at ${f.smallestText.px.toFixed(1)} px, under ${MIN_TEXT_PX} px: ${JSON.stringify(f.smallestText.text)}`);
        // A timeline linked to its log (theme/timeline-link.js) holds
        // links, so it is a group, named by the same title and description.
        assert.equal(f.role, f.linked ? "group" : "img", `${where}: no role="img"`);
        assert.equal(f.labels.length, 2, `${where}: aria-labelledby must name its title and description`);
        for (const text of f.labels) {
            assert.ok(text.length > 0, `${where}: an empty text alternative`);
        }
        if (language === "ko") {
            assert.match(f.labels.join(" "), /[가-힣]/, `${where}: the text alternative is not in Korean`);
        }
        assert.equal(f.color, f.pageColor, `${where}: does not take the theme's text colour`);
        assert.notEqual(f.textFill, f.background, `${where}: text the colour of the background`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${pageName} (${width} px) scrolls sideways by ${overflow} px`);
}

/** The chapter titles of an edition, from its SUMMARY.md. */
function chapterTitles(language) {
    const summary = readFileSync(path.join(root, "src", language, "SUMMARY.md"), "utf8");
    return [...summary.matchAll(/^\s*[-*]?\s*\[([^\]]+)\]\([^)]+\.md\)/gm)].map((m) => m[1]);
}

/** Letters only: PDF text extraction may break lines and spaces differently. */
const letters = (text) => text.replace(/[\s\u00ad]+/g, "").normalize("NFC");

for (const language of languages) {
    describe(`PDF, ${language} edition`, () => {
        const pdf = path.join(bookDir, language, `concurrency-notes-${language}.pdf`);

        test("tools/book build printed it", () => {
            assert.ok(existsSync(pdf), `${pdf} is missing: tools/book build needs a Chromium (CHROMIUM=…)`);
        });

        test("its text has the chapter titles in the right language and the figures' words", () => {
            const text = letters(execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], {
                encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"],
            }));
            const titles = chapterTitles(language);
            assert.ok(titles.length > 3, "SUMMARY.md lists the chapters");
            for (const title of titles) {
                assert.ok(text.includes(letters(title)), `the ${language} PDF does not contain the chapter title ${JSON.stringify(title)}`);
            }
            if (language === "ko") {
                assert.ok((text.match(/[가-힣]/g) ?? []).length > 1000, "the Korean PDF has little Hangul text that can be searched");
            }
            // Words drawn in the figures that the print page shows.
            const print = readFileSync(path.join(bookDir, language, "print.html"), "utf8");
            const figureWords = [...print.matchAll(/<svg[^>]*class="fig [\s\S]*?<\/svg>/g)]
                .flatMap((m) => [...m[0].matchAll(/<text[^>]*>([^<]{4,})<\/text>/g)].map((t) => t[1]));
            if (FIGURES.length > 0) {
                assert.ok(figureWords.length > 0, "the print page shows no figure");
            }
            if (figureWords.length > 0) {
                const found = figureWords.filter((w) => text.includes(letters(w.replace(/&amp;/g, "&"))));
                assert.ok(found.length > 0, `none of the figures' words is in the ${language} PDF: ${figureWords.slice(0, 5)}`);
            }
        });

        test("the site links to it from every page", async (t) => {
            if (!existsSync(path.join(bookDir, language, "theme", "pdf.js"))) {
                t.skip("theme/pdf.js is not in book.toml's additional-js yet");
                return;
            }
            const context = await browser.newContext();
            try {
                const page = await context.newPage();
                await page.goto(origin + site(`/${language}/index.html`));
                const href = await page.getAttribute("a.pdf-download", "href");
                assert.ok(href, "no PDF link in the menu bar");
                const response = await page.request.get(new URL(href, page.url()).href);
                assert.equal(response.status(), 200, `the PDF link ${href} is broken`);
                assert.equal(response.headers()["content-type"], "application/pdf");
            } finally {
                await context.close();
            }
        });
    });
}
