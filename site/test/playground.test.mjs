// The Run buttons in a real browser, with every request to the Rust Playground
// intercepted (there is no network here, and a test must not depend on one).
// In both languages, light and dark themes, desktop and phone width:
// - Run posts exactly the program the offline test compiled and ran
//   (tests/outputs.rs run_buttons_run_offline, which .ci/run runs first),
//   and the page shows the Playground's answer;
// - offline, the page still works, nothing is asked of the Playground when
//   the browser knows it is offline, and Run says it needs the Playground;
// - no console errors, and no request to any other host.
//
//   NOTES_BOOK_DIR=… node --test site/test/playground.test.mjs
// SHOTS=DIR also saves a screenshot of each result.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bookDir, serve, sitePath, launchChromium } from "../serve.mjs";

const PLAYGROUND = "https://play.rust-lang.org/";
const CANNED = " 0.000s [main] an answer from the test, not from the Playground\n";
// Where the offline test built the programs (checks::playground; std::env::temp_dir()).
const offlineProject = path.join(process.env.TMPDIR ?? os.tmpdir(), "concurrency-notes-playground");
const shots = process.env.SHOTS;

let server, origin, browser;

before(async () => {
    assert.ok(existsSync(path.join(bookDir, "en", "book.js")), "build the site first: tools/book build");
    server = await serve();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchChromium();
});

after(async () => {
    await browser?.close();
    server?.close();
});

/** The Playground's crate list as /meta/crates gives it, from tools/playground/crates.toml. */
function crateList() {
    const toml = readFileSync(new URL("../../tools/playground/crates.toml", import.meta.url), "utf8");
    const crates = [];
    for (const match of toml.matchAll(/^\[dependencies\.([\w-]+)\]\npackage = "([^"]+)"\nversion = "=([^"]+)"/gm)) {
        crates.push({ name: match[2], version: match[3], id: match[1] });
    }
    assert.ok(crates.length > 100, "tools/playground/crates.toml lists the Playground's crates");
    return crates;
}

/** What book.js posts for a `<pre class="playground">`: its code's textContent
 * (hidden lines included), read from the built HTML as checks::playground reads it. */
function codeSent(htmlFile, index) {
    const html = readFileSync(htmlFile, "utf8");
    const blocks = [...html.matchAll(/<pre class="playground"><code class="([^"]*)">([\s\S]*?)<\/code><\/pre>/g)];
    const [, classes, inner] = blocks[index];
    const text = inner.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) => {
        const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e.toLowerCase()];
        if (named) return named;
        return String.fromCodePoint(e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    });
    const edition = (classes.match(/\bedition(\d+)\b/) ?? [, "2015"])[1];
    return { code: text, edition };
}

/** The file the offline test compiled this program from (its name hashes the
 * edition and the code: Sent::bin_name, FNV-1a over the UTF-8 bytes). */
function offlineFile({ code, edition }) {
    let hash = 0xcbf29ce484222325n;
    for (const byte of Buffer.from(edition + code, "utf8")) {
        hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    return path.join(offlineProject, "src", `p${hash.toString(16).padStart(16, "0")}.rs`);
}

/**
 * Opens a page. `playground` is "answers" (canned answers), "unreachable"
 * (every request fails, as when the host cannot be reached), or "offline"
 * (the browser says it is offline).
 */
async function open(url, { theme = "light", width = 1280, playground = "answers" } = {}) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
    if (playground === "offline") {
        await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "onLine", { get: () => false }));
    }
    const posted = [];
    const problems = [];
    const crates = crateList();
    await context.route(`${PLAYGROUND}**`, async (route) => {
        const request = route.request();
        if (playground !== "answers") return route.abort("internetdisconnected");
        const headers = { "access-control-allow-origin": "*", "content-type": "application/json" };
        if (request.url() === `${PLAYGROUND}meta/crates`) {
            return route.fulfill({ headers, body: JSON.stringify({ crates }) });
        }
        posted.push(JSON.parse(request.postData()));
        return route.fulfill({ headers, body: JSON.stringify({ result: CANNED, error: null }) });
    });
    const page = await context.newPage();
    page.on("console", (message) => {
        // A request the test makes fail is logged by Chromium itself (the
        // network, not the page): expected only when the Playground is unreachable.
        const failedPlaygroundRequest = playground === "unreachable"
            && /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/.test(message.text())
            && message.location().url.startsWith(PLAYGROUND);
        if (message.type() === "error" && !failedPlaygroundRequest) {
            problems.push(`console error: ${message.text()}`);
        }
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    const requests = [];
    page.on("request", (request) => {
        const where = request.url();
        if (where.startsWith(origin) || where.startsWith("data:")) return;
        requests.push(`${request.method()} ${where}`);
    });
    await page.goto(origin + sitePath + url.replace(/^\//, ""));
    return { page, context, posted, problems, requests };
}

/** The only requests a page may make to another host: mdBook's two. */
function allowed(request) {
    return request === `POST ${PLAYGROUND}meta/crates` || request === `POST ${PLAYGROUND}evaluate.json`;
}

const cases = [
    // A block as mdBook shows it (hidden lines hidden), and an editable one (an editor).
    { language: "ko", page: "threads-and-join.html", block: "pre.playground:not(:has(.ace_editor))", hasText: "handle.join().unwrap()" },
    { language: "en", page: "threads-and-join.html", block: "pre.playground:has(code.editable)", hasText: "" },
];
const themes = [["light", "light"], ["navy", "dark"]];
const widths = [["desktop", 1280], ["phone", 390]];

describe("Run", () => {
    for (const { language, page: pageName, block, hasText } of cases) {
        for (const [theme, kind] of themes) {
            for (const [widthName, width] of widths) {
                test(`${language}/${pageName}, ${kind}, ${widthName}: posts the tested program and shows the answer`, async () => {
                    const { page, context, posted, problems, requests } = await open(`/${language}/${pageName}`, { theme, width });
                    try {
                        const pre = page.locator(block, { hasText }).first();
                        await pre.scrollIntoViewIfNeeded();
                        const index = await pre.evaluate((el) => [...document.querySelectorAll("pre.playground")].indexOf(el));
                        const run = pre.locator(".play-button");
                        // Once the crate list is in, the button is shown and named.
                        // (theme/a11y.js names mdBook's buttons in Korean on Korean pages.)
                        const runName = language === "ko" ? "이 코드 실행하기" : "Run this code";
                        await page.waitForFunction(([el, name]) => !el.querySelector(".play-button").classList.contains("hidden")
                            && el.querySelector(".play-button").title === name, [await pre.elementHandle(), runName]);
                        await run.focus(); // by keyboard: Enter on the focused button
                        // A focused Run button is shown (after its 0.1 s fade-in).
                        await page.waitForFunction((el) => getComputedStyle(el).opacity === "1",
                            await pre.locator(".buttons").elementHandle());
                        await page.keyboard.press("Enter");
                        const result = pre.locator("code.result");
                        await result.waitFor();
                        await page.waitForFunction((el) => el.textContent.includes("an answer from the test"), await result.elementHandle());

                        assert.equal(posted.length, 1, "one program posted");
                        const expected = codeSent(path.join(bookDir, language, pageName), index);
                        assert.equal(posted[0].code, expected.code, "posts the block's whole program, hidden lines included");
                        assert.equal(posted[0].edition, "2024", "with book.toml's edition");
                        assert.equal(posted[0].version, "stable");
                        assert.equal(posted[0].optimize, "0", "a debug build");
                        assert.match(posted[0].code, /mod notes \{/, "carries the notes library");
                        if (existsSync(offlineProject)) {
                            const file = offlineFile(expected);
                            assert.ok(existsSync(file), `the offline test compiled no ${file}: run it first`);
                            assert.equal(readFileSync(file, "utf8"), posted[0].code, "posts what the offline test ran");
                        } else {
                            // Only when run on its own: .ci/run runs the offline test first.
                            test.diagnostic?.(`${offlineProject} is missing: the posted code is compared with the page only`);
                        }

                        const box = await result.boundingBox();
                        assert.ok(box && box.width > 0 && box.x + box.width <= width, "the answer is shown inside the page");
                        if (shots) {
                            mkdirSync(shots, { recursive: true });
                            await pre.screenshot({ path: path.join(shots, `run-${language}-${theme}-${width}.png`) });
                        }
                        assert.deepEqual(requests.filter((r) => !allowed(r)), [], "no other third-party request");
                        assert.deepEqual(problems, []);
                    } finally {
                        await context.close();
                    }
                });
            }
        }
    }
});

describe("without the Playground", () => {
    const message = { ko: "Rust 플레이그라운드(play.rust-lang.org)에 연결되어야", en: "needs the Rust Playground (play.rust-lang.org)" };
    for (const language of ["ko", "en"]) {
        for (const playground of ["offline", "unreachable"]) {
            test(`${language}, ${playground}: the page works and Run says it needs the Playground`, async () => {
                const { page, context, posted, problems, requests } = await open(`/${language}/threads-and-join.html`, { playground });
                try {
                    const pre = page.locator("pre.playground").first();
                    const run = pre.locator(".play-button");
                    // The button stays, and says it cannot reach the Playground now.
                    await page.waitForFunction((el) => /play|플레이그라운드/i.test(el.title) && el.title !== "Run this code" && el.title !== "이 코드 실행하기",
                        await run.elementHandle());
                    await run.click();
                    const result = pre.locator("code.result");
                    await page.waitForFunction((el) => el.classList.contains("result-offline"), await result.elementHandle());
                    assert.ok((await result.textContent()).includes(message[language]), "says that running needs the Playground");
                    assert.equal(await result.getAttribute("role"), "status", "and a screen reader hears it");
                    // The rest of the page still works: the sidebar toggles.
                    await page.click("#sidebar-toggle");
                    assert.equal(posted.length, 0);
                    if (playground === "offline") {
                        assert.deepEqual(requests, [], "an offline browser asks the Playground nothing");
                    } else {
                        assert.deepEqual(requests.filter((r) => !allowed(r)), []);
                    }
                    if (shots && playground === "offline") {
                        await pre.screenshot({ path: path.join(shots, `offline-${language}.png`) });
                    }
                    assert.deepEqual(problems, []);
                } finally {
                    await context.close();
                }
            });
        }
    }
});

describe("no Run button", () => {
    for (const language of ["ko", "en"]) {
        test(`${language}: a block without a Run button says why, right below it`, async () => {
            const { page, context, problems } = await open(`/${language}/gil.html`);
            try {
                // mdBook nests a runnable block's <pre class="playground"> in a <pre>.
                const blocks = page.locator("pre:has(> code.language-rust.noplayground)");
                assert.ok((await blocks.count()) > 0);
                const reasons = await blocks.evaluateAll((pres) => pres.map((pre) => {
                    const next = pre.nextElementSibling;
                    return next?.matches("p.run-locally") ? next.textContent : null;
                }));
                assert.ok(reasons.every((r) => r && r.length > 20), `every such block has its reason: ${JSON.stringify(reasons)}`);
                if (shots) {
                    await blocks.first().scrollIntoViewIfNeeded();
                    await page.screenshot({ path: path.join(shots, `reason-${language}.png`) });
                }
                assert.deepEqual(problems, []);
            } finally {
                await context.close();
            }
        });
    }
});
