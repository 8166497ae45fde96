// The built site in a real browser (Debian's Chromium, headless), served on
// loopback the way GitHub Pages serves it: search in both languages, the
// language switch on every page, Korean callout titles, highlighting, the
// 404 page, edit links, and no console errors or third-party requests (but
// the Run buttons' requests to the Rust Playground).
//
//   tools/book build && npm test --prefix site
//
// To test a build for a project site, build and test with the same
// NOTES_SITE_PATH (e.g. /concurrency-notes/) and NOTES_REPO_URL.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { glossarySpellings } from "../search-index.mjs";
import { bookDir, chapters, repoDir, serve, sitePath, launchChromium } from "../serve.mjs";

const repoUrl = process.env.NOTES_REPO_URL;

let server, origin, browser;

/** A path of the site, e.g. site("/ko/gil.html") under sitePath. */
const site = (pagePath) => sitePath + pagePath.replace(/^\//, "");
const problems = []; // console errors and third-party requests, from every page opened
const PLAYGROUND = "https://play.rust-lang.org/";

async function open(url, { missing = false, ...options } = {}) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on("console", (message) => {
        // Chromium logs the 404 response of a page that is missing on purpose.
        const expected = missing && /status of 404/.test(message.text());
        if (message.type() === "error" && !expected) problems.push(`${page.url()}: console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
    // The one third-party host a page may ask, and only what mdBook's Run
    // buttons ask it: the crate list when the page loads, and a run. Answered
    // here as the Playground would (no network in a test); test/playground.test.mjs
    // tests the Run buttons themselves.
    await context.route(`${PLAYGROUND}**`, (route) => route.fulfill({
        headers: { "access-control-allow-origin": "*", "content-type": "application/json" },
        body: JSON.stringify(route.request().url().endsWith("/meta/crates") ? { crates: [] } : { result: "", error: null }),
    }));
    page.on("request", (request) => {
        const where = request.url();
        const playground = request.method() === "POST"
            && (where === `${PLAYGROUND}meta/crates` || where === `${PLAYGROUND}evaluate.json`);
        if (!where.startsWith(origin) && !where.startsWith("data:") && !playground) {
            problems.push(`${page.url()}: ${request.method()} request to ${where}`);
        }
    });
    await page.goto(origin + site(url));
    return page;
}

before(async () => {
    assert.ok(existsSync(path.join(bookDir, "ko", "pagefind")), "build the site first: tools/book build");
    server = await serve();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await launchChromium();
});

after(async () => {
    await browser?.close();
    server?.close();
});

/** Types a query into the search panel and returns the result pages, best first. */
async function search(page, query) {
    const input = page.locator("#notes-search input");
    if (!(await input.isVisible())) {
        await page.click("#notes-search-toggle");
    }
    await input.fill(query);
    // Done when the message counts the results for this query and no result is still loading.
    await page.waitForFunction(
        (q) => {
            const message = document.querySelector("#notes-search .pagefind-ui__message")?.textContent ?? "";
            return message.includes(q) && /\d/.test(message) && !document.querySelector("#notes-search .pagefind-ui__loading");
        },
        query,
        { timeout: 10_000 },
    );
    const results = await page.$$eval("#notes-search .pagefind-ui__result-inner > .pagefind-ui__result-title > a", (as) =>
        as.map((a) => ({ path: new URL(a.href).pathname, title: a.textContent.trim() })),
    );
    for (const { path, title } of results) {
        assert.ok(title && title !== "undefined", `result ${path} has no title`);
    }
    return results.map((r) => r.path);
}

const koreanQueries = [
    ["스레드", null],
    ["교착", "synchronization.html"],
    ["교착 상태", "synchronization.html"],
    ["세마포어", "synchronization.html"],
    ["데몬", "daemon-threads.html"],
    ["경쟁 상태", "race-conditions.html"],
    ["생산자", "producer-consumer.html"],
    ["인터프리터", "gil.html"],
    ["원자적 연산", "locks.html"],
    ["스레드 풀", "thread-pools.html"],
    // With a particle attached, as a reader might type it.
    ["세마포어를", "synchronization.html"],
    ["데몬 스레드는", "daemon-threads.html"],
    ["교착 상태에", "synchronization.html"],
    // Spellings other books and developers use, listed in the glossary: each
    // must find the chapter that explains the term (search-index.mjs).
    ["데드락", "synchronization.html"],
    ["데드록", "synchronization.html"],
    ["교착상태", "synchronization.html"],
    ["코프먼 조건", "synchronization.html"],
    ["쓰레드", "processes-and-threads.html"],
    ["레이스 컨디션", "race-conditions.html"],
    ["경합 상태", "race-conditions.html"],
    ["데이터 레이스", "race-conditions.html"],
    ["대여 검사기", "race-conditions.html"],
    ["세마포", "synchronization.html"],
    ["컨디션 변수", "synchronization.html"],
    ["임계 영역", "synchronization.html"],
    ["컨텍스트 스위칭", "processes-and-threads.html"],
    ["아토믹", "locks.html"],
    ["mutex", "locks.html"],
    ["뮤텍스 락", "locks.html"],
    ["데몬 쓰레드", "daemon-threads.html"],
    ["프로듀서 컨슈머", "producer-consumer.html"],
    ["생산자-소비자", "producer-consumer.html"],
    ["백프레셔", "producer-consumer.html"],
    ["쓰레드 풀", "thread-pools.html"],
    ["워커", "thread-pools.html"],
    ["스코프 스레드", "threads-and-join.html"],
    ["자유 스레딩", "gil.html"],
    ["글로벌 인터프리터 락", "gil.html"],
];
const englishQueries = [
    ["deadlock", "synchronization.html"],
    ["semaphore", "synchronization.html"],
    ["daemon", "daemon-threads.html"],
    ["race condition", "race-conditions.html"],
    ["producer", "producer-consumer.html"],
    ["interpreter lock", "gil.html"],
    ["thread pool", "thread-pools.html"],
    ["fetch_add", "locks.html"],
    // Other spellings, from the glossary.
    ["dead lock", "synchronization.html"],
    ["mutex", "locks.html"],
    ["condvar", "synchronization.html"],
    ["context switching", "processes-and-threads.html"],
    ["producer-consumer", "producer-consumer.html"],
    ["borrow checker", "race-conditions.html"],
    ["nogil", "gil.html"],
    ["spurious wakeup", "synchronization.html"],
];

for (const [language, queries] of [["ko", koreanQueries], ["en", englishQueries]]) {
    describe(`search (${language})`, () => {
        // One page for all the queries, as a reader searches again and again.
        let page;
        before(async () => {
            page = await open(`/${language}/introduction.html`);
        });
        after(async () => page?.context().close());
        for (const [query, expected] of queries) {
            test(`"${query}"`, async () => {
                const results = await search(page, query);
                console.log(`# ${language} "${query}" -> ${results.slice(0, 3).map((r) => path.basename(r)).join(", ")}`);
                assert.ok(results.length > 0, "no results");
                assert.ok(results.every((r) => r.startsWith(site(`/${language}/`))), `results outside ${language}: ${results}`);
                if (expected) {
                    const top = results.slice(0, 3).map((r) => path.basename(r));
                    assert.ok(top.includes(expected), `expected ${expected} in the top 3, got ${top}`);
                    // The chapter that explains a term ranks above the glossary entry that lists it.
                    const glossary = top.indexOf("glossary.html");
                    assert.ok(glossary === -1 || top.indexOf(expected) < glossary, `expected ${expected} above glossary.html, got ${top}`);
                }
            });
        }
    });
}

test("every glossary entry gives other spellings and the page that explains it", async () => {
    // search-index.mjs skips an entry without both lines; none may be skipped.
    for (const language of ["ko", "en"]) {
        const glossary = readFileSync(path.join(repoDir, "src", language, "glossary.md"), "utf8");
        const terms = glossary.slice(glossary.indexOf("{#terms}")).match(/^\*\*.+\*\*/gm);
        const entries = await glossarySpellings(language);
        assert.equal(entries.length, terms.length, `${language}/glossary.md: ${terms.length} entries, ${entries.length} with spellings and a link`);
        for (const { page, words } of entries) {
            assert.ok(chapters(language).includes(page), `${language}: the glossary links ${page}, which was not built`);
            assert.ok(words.length >= 3, `${language}: ${words[0]} lists no other spellings`);
        }
    }
});

test("Korean search matches words with particles attached", async () => {
    // The query is the bare noun; the pages say 스레드가, 스레드를, 스레드의 ...
    const page = await open("/ko/introduction.html");
    const excerpts = await (async () => {
        await search(page, "스레드");
        return page.$$eval("#notes-search .pagefind-ui__result-excerpt mark", (ms) => ms.map((m) => m.textContent));
    })();
    assert.ok(excerpts.some((word) => /^스레드[가를의는와도]/.test(word)), `marked words: ${excerpts.slice(0, 20)}`);
    await page.context().close();
});

// Both ways in one pass: the switch from a ko page lands on its en page,
// whose switch then goes back.
test("the language switch goes from every page to the same page and heading in the other language, and back", async () => {
    const page = await open("/ko/introduction.html");
    for (const chapter of chapters("ko")) {
        // The page's last section heading, read from the built page (both
        // editions use the same ids).
        const html = readFileSync(path.join(bookDir, "ko", chapter), "utf8");
        const heading = [...html.matchAll(/<h2 id="([^"]+)"/g)].at(-1)?.[1];
        await page.goto(`${origin}${site(`/ko/${chapter}`)}${heading ? `#${heading}` : ""}`);
        for (const to of ["en", "ko"]) {
            await Promise.all([page.waitForURL(`**/${to}/${chapter}*`), page.click("a.language-switch")]);
            const landed = new URL(page.url());
            assert.equal(landed.pathname, site(`/${to}/${chapter}`));
            if (heading) {
                assert.equal(decodeURIComponent(landed.hash), `#${heading}`);
                assert.ok(await page.$(`main [id="${heading}"]`), `${to}/${chapter} has no #${heading}`);
            }
            assert.equal(await page.getAttribute("html", "lang"), to);
        }
    }
    // Every en page was reached from its ko page: the editions have the same pages.
    assert.deepEqual(chapters("en"), chapters("ko"));
    await page.context().close();
});

// Callout titles and edit links are in the pages as mdBook writes them, so
// these two read the built HTML rather than open every page again.
test("callouts on Korean pages have Korean titles", () => {
    let seen = 0;
    for (const chapter of chapters("ko")) {
        const html = readFileSync(path.join(bookDir, "ko", chapter), "utf8");
        for (const [, title] of html.matchAll(/<div class="admonition-title">\s*<div id="[^"]*">\s*<p>([\s\S]*?)<\/p>/g)) {
            seen += 1;
            assert.match(title, /[\uAC00-\uD7A3]/, `ko/${chapter}: callout title "${title}"`);
        }
    }
    assert.ok(seen > 0, "no callouts found");
});

test("rust code is highlighted", async () => {
    const page = await open("/ko/threads-and-join.html");
    assert.ok(await page.$("pre code.language-rust.hljs .hljs-keyword"), "no highlighted keywords");
    await page.context().close();
});

for (const [language, title] of [["ko", "페이지를 찾을 수 없습니다"], ["en", "Page not found"]]) {
    test(`a missing ${language} page shows that edition's 404 page`, async () => {
        const page = await open(`/${language}/no-such-chapter.html`, { missing: true });
        await page.waitForURL(`**/${language}/404.html`);
        assert.equal((await page.textContent("main h1")).trim(), title);
        const home = await page.getAttribute("main a[href*='introduction']", "href");
        await page.goto(new URL(home, page.url()).href);
        assert.equal(new URL(page.url()).pathname, site(`/${language}/introduction.html`));
        await page.context().close();
    });
}

for (const [locale, language] of [["ko-KR", "ko"], ["en-US", "en"]]) {
    test(`the site root opens the ${language} edition for a ${locale} browser`, async () => {
        const page = await open("/", { locale });
        await page.waitForURL(`**/${language}/`);
        assert.equal(await page.getAttribute("html", "lang"), language);
        await page.context().close();
    });
}

test("each edition has a print page", async () => {
    for (const language of ["ko", "en"]) {
        const page = await open(`/${language}/print.html`);
        assert.ok((await page.$$("main h1")).length >= chapters(language).length - 1);
        await page.context().close();
    }
});

test("edit links point to each page's own source file", { skip: !repoUrl && "NOTES_REPO_URL is not set" }, () => {
    for (const language of ["ko", "en"]) {
        for (const chapter of chapters(language)) {
            const html = readFileSync(path.join(bookDir, language, chapter), "utf8");
            const source = `src/${language}/${chapter.replace(/\.html$/, ".md")}`;
            const edits = [...html.matchAll(/href="([^"]*\/edit\/[^"]*)"/g)].map((m) => m[1]);
            assert.deepEqual(edits, [`${repoUrl}/edit/main/${source}`], `${language}/${chapter}: its edit links`);
        }
    }
});

test("no page logged an error or asked a third-party host for anything but mdBook's Playground requests", () => {
    assert.deepEqual(problems, []);
});
