// Builds a Pagefind search index for each edition of the built book.
//
//   node site/search-index.mjs [BOOK_DIR]      (default: book)
//
// mdBook's own search (elasticlunr) strips every non-ASCII character, so it
// finds no Korean at all. Pagefind indexes each edition in its own language
// and matches word prefixes, so 스레드 finds pages that only say 스레드가.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";

const bookDir = path.resolve(process.argv[2] ?? "book");
// Not chapters: the print page repeats every chapter, the table of contents
// repeats every title, index.html repeats the first chapter.
const notChapters = new Set(["print.html", "toc.html", "404.html", "index.html"]);

for (const language of ["ko", "en"]) {
    const site = path.join(bookDir, language);
    const { index, errors } = await pagefind.createIndex({
        excludeSelectors: [".mobile-nav-chapters"],
        forceLanguage: language,
    });
    if (errors.length > 0) throw new Error(errors.join("\n"));

    const pages = (await readdir(site)).filter((f) => f.endsWith(".html") && !notChapters.has(f));
    for (const page of pages) {
        // Index the chapter itself (<main>), not the menu bar or navigation,
        // and take the result's title from its heading, not the book's title.
        const content = (await readFile(path.join(site, page), "utf8")).replace(
            /<main>(\s*)<h1\b/,
            '<main data-pagefind-body>$1<h1 data-pagefind-meta="title"',
        );
        const added = await index.addHTMLFile({ url: `/${page}`, content });
        if (added.errors.length > 0) throw new Error(`${page}: ${added.errors.join("\n")}`);
    }
    const written = await index.writeFiles({ outputPath: path.join(site, "pagefind") });
    if (written.errors.length > 0) throw new Error(written.errors.join("\n"));
    console.log(`search-index: ${language}: ${pages.length} pages indexed`);
}
await pagefind.close();
