// What the browser tests share: where the built book is, the path it is
// published under, its chapter pages, and a static server that serves it the
// way GitHub Pages does. (Outside test/, so that `node --test` does not take
// it for a test file.)
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

// The repository's root, whatever NOTES_BOOK_DIR says.
export const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// tools/book builds into book/, or into NOTES_BOOK_DIR when that is set.
export const bookDir = process.env.NOTES_BOOK_DIR
    ? path.resolve(process.env.NOTES_BOOK_DIR)
    : path.join(repoDir, "book");
export const sitePath = process.env.NOTES_SITE_PATH ?? "/";
export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

const types = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
    ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
    ".png": "image/png", ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf",
    ".pdf": "application/pdf",
};

/** A static server like GitHub Pages: the site lives under sitePath, folders
 * serve index.html, misses get the site's 404.html. */
export function serve() {
    const server = createServer((request, response) => {
        const pathname = decodeURIComponent(new URL(request.url, "http://x").pathname);
        const inSite = pathname.startsWith(sitePath) ? pathname.slice(sitePath.length) : "\0";
        let file = path.join(bookDir, inSite);
        if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
        const found = file.startsWith(bookDir) && existsSync(file);
        if (!found) file = path.join(bookDir, "404.html");
        response.writeHead(found ? 200 : 404, {
            "content-type": types[path.extname(file)] ?? "application/octet-stream",
        });
        createReadStream(file).pipe(response);
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The chapters of an edition, as file names (not the print page, the table
 * of contents, the 404 page or index.html, which repeat chapters). */
export function chapters(language) {
    const skip = new Set(["print.html", "toc.html", "404.html", "index.html"]);
    return readdirSync(path.join(bookDir, language)).filter((f) => f.endsWith(".html") && !skip.has(f)).sort();
}

/** The headless Chromium every browser test uses, with only flags that every
 * version accepts (Debian's Chromium moves on under a fresh machine). */
export function launchChromium() {
    return chromium.launch({
        executablePath: chromiumPath,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
}

/** The pages ask no other host but the Rust Playground, for its crate list
 * (the Run buttons). Answers that here, for a browser context or a page, so
 * that nothing leaves the machine. */
export function answerOtherHosts(target, origin) {
    return target.route((url) => !url.href.startsWith(origin), (route) => route.fulfill({
        headers: { "access-control-allow-origin": "*", "content-type": "application/json" },
        body: '{"crates":[]}',
    }));
}

/** axe-core, to add to a page (as an init script or a script tag). */
export const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The serious and critical violations axe-core finds in `page` (which has
 * axeSource loaded), one line per element: in the whole page, or only in
 * the elements that match the selector `within`. */
export function seriousViolations(page, within = null) {
    return page.evaluate(async (within) => {
        // theme/a11y.js decides which blocks scroll in a ResizeObserver,
        // which answers by the next frame.
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const context = within ? { include: [...document.querySelectorAll(within)] } : document;
        const result = await window.axe.run(context, { resultTypes: ["violations"] });
        return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary.split("\n")[1]?.trim()}`));
    }, within);
}
