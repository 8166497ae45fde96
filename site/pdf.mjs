// Prints each edition's print page (BOOK_DIR/LANG/print.html, built by mdBook)
// to BOOK_DIR/LANG/concurrency-notes-LANG.pdf, in headless Chromium.
//
//   node site/pdf.mjs BOOK_DIR LANG...       e.g. node site/pdf.mjs book ko en
//
// The Chromium is $CHROMIUM, or the first of chromium, chromium-browser and
// google-chrome on the PATH. It is driven through playwright-core (the
// DevTools protocol) and started with only flags that every version accepts:
// Chromium's own --print-to-pdf depends on flags that change between versions
// (Debian's Chromium 156 exits 0 without writing a PDF when given
// --virtual-time-budget), while page.pdf() does not.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const usage = "(usage: node site/pdf.mjs BOOK_DIR LANG...)";
const refuse = (problem) => {
    console.error(`pdf.mjs: ${problem}`);
    process.exit(2);
};

const [bookArg, ...languages] = process.argv.slice(2);
if (!bookArg) refuse(`needs BOOK_DIR and at least one LANG ${usage}`);
if (languages.length === 0) refuse(`needs at least one LANG after BOOK_DIR ${usage}`);
const bookDir = path.resolve(bookArg);
for (const language of languages) {
    if (!/^[a-z]{2}(-[A-Za-z]+)?$/.test(language)) refuse(`'${language}' is not a language code such as ko or en ${usage}`);
    if (!existsSync(path.join(bookDir, language, "print.html"))) {
        refuse(`no ${language}/print.html in ${bookDir} (run tools/book build)`);
    }
}

/** $CHROMIUM (a path or a command name), else the first Chromium on the PATH. */
function findChromium() {
    const onPath = (name) => {
        if (name.includes(path.sep)) return existsSync(name) ? name : null;
        for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
            const candidate = path.join(dir, name);
            if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
        }
        return null;
    };
    const names = process.env.CHROMIUM ? [process.env.CHROMIUM] : ["chromium", "chromium-browser", "google-chrome"];
    return names.map(onPath).find(Boolean) ?? null;
}

const executablePath = findChromium();
if (!executablePath) {
    console.error(`pdf.mjs: no Chromium found${process.env.CHROMIUM ? ` at CHROMIUM=${process.env.CHROMIUM}` : " on the PATH"} (set CHROMIUM=...)`);
    process.exit(1);
}

// playwright starts Chromium with a fresh, temporary profile (user data
// directory) and removes it afterwards: nothing from a reader's browser leaks in.
const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    timeout: 120_000,
});
try {
    for (const language of languages) {
        const page = await browser.newPage();
        // The whole book on one page: loading and printing it takes a while.
        page.setDefaultTimeout(300_000);
        // mdBook's print page calls window.print() once it has loaded. Headless
        // Chromium would open no dialog, but the call is a request to print
        // now: record it instead, and print below when everything is ready.
        await page.addInitScript(() => {
            window.print = () => {
                window.__printRequested = true;
            };
        });
        const errors = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.emulateMedia({ media: "print" });
        await page.goto(pathToFileURL(path.join(bookDir, language, "print.html")).href, { waitUntil: "load" });
        // The page's scripts (theme, highlighting, the print request) run on
        // load; the fonts (Hangul from the system's Noto CJK) must be loaded
        // before the PDF embeds them.
        await page.waitForLoadState("networkidle");
        await page.evaluate(() => document.fonts.ready);
        // mdBook 0.4 asks to print 100 ms after load: once it has asked, its
        // own scripts are done. A later mdBook may not ask; then the load
        // state and the fonts above are what we have.
        await page.waitForFunction(() => window.__printRequested === true, null, { timeout: 10_000 }).catch(() => {});
        if (errors.length > 0) throw new Error(`${language}/print.html: script errors: ${errors.join("; ")}`);
        const pdf = path.join(bookDir, language, `concurrency-notes-${language}.pdf`);
        await page.pdf({
            path: pdf,
            format: "A4",
            margin: { top: "15mm", bottom: "15mm", left: "15mm", right: "15mm" },
            printBackground: false,
            preferCSSPageSize: true,
            outline: true,
            tagged: true,
        });
        if (!existsSync(pdf) || statSync(pdf).size === 0) throw new Error(`${pdf}: Chromium wrote nothing`);
        console.log(`pdf.mjs: wrote ${path.relative(process.cwd(), pdf)}`);
        await page.close();
    }
} finally {
    await browser.close();
}
