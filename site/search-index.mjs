// Builds a Pagefind search index for each edition of the built book.
//
//   node site/search-index.mjs [BOOK_DIR]      (default: book)
//
// mdBook's own search (elasticlunr) strips every non-ASCII character, so it
// finds no Korean at all. Pagefind indexes each edition in its own language
// and matches word prefixes, so 스레드 finds pages that only say 스레드가.
//
// Readers type the same concept several ways (데드락, 데드록, 교착상태 for
// 교착 상태; 쓰레드 for 스레드). The glossary is the one place those spellings
// are written down: each entry lists them and links the section that explains
// the term. This script reads the glossary's Markdown and adds, to the index
// only (the pages as served do not change), a weighted list of each entry's
// term and spellings to the page its entry links to, so that a search for any
// spelling finds the explaining chapter first, above the glossary itself.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as pagefind from "pagefind";

const bookDir = path.resolve(process.argv[2] ?? "book");
const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");
// Pagefind weighs a word by the element it is in: text 1, h1 7, at most 10.
// A spelling that is one word gets the most; the words of a spelling of
// several words ("쓰레드 풀") get less, so that 쓰레드 alone finds the chapter
// on threads before every chapter with a 쓰레드 compound in its list.
const wordWeight = 10;
const phraseWeight = 5;
const glossaryWeight = 0.5;
// How each edition's glossary labels the spellings line and the link line.
const labels = {
    ko: { spellings: "다른 표기:", see: "자세히:" },
    en: { spellings: "Also written:", see: "See:" },
};

/** Glossary entries as { page: "gil.html", words: ["GIL", "길", …] }. */
export async function glossarySpellings(language) {
    const markdown = await readFile(path.join(srcDir, language, "glossary.md"), "utf8");
    const { spellings, see } = labels[language];
    const entries = [];
    for (const block of markdown.split(/\n\s*\n/)) {
        const lines = block.split("\n").map((line) => line.replace(/\\$/, "").trim());
        const term = lines[0].match(/^\*\*(.+?)\*\*\s*(?:\((.*)\))?/);
        const also = lines.find((line) => line.startsWith(spellings));
        const link = lines.find((line) => line.startsWith(see))?.match(/\]\(([^)#]+\.md)[^)]*\)/);
        if (!term || !also || !link) continue;
        const words = [term[1], term[2] ?? "", ...also.slice(spellings.length).split(",")]
            .map((word) => word.replaceAll("`", "").trim())
            .filter(Boolean);
        entries.push({ page: link[1].replace(/\.md$/, ".html"), words: [...new Set(words)] });
    }
    if (entries.length === 0) throw new Error(`${language}/glossary.md: no entries with "${spellings}" and "${see}" lines`);
    return entries;
}

/** The index-only block of spellings for one page. */
function spellingsBlock(entries, page) {
    const isWord = (spelling) => !/\s/.test(spelling);
    const spellings = entries.filter((entry) => entry.page === page).flatMap((entry) => entry.words);
    // Pagefind matches prefixes, so 쓰레드풀 also answers 쓰레드: a word that
    // begins with another page's word counts as part of a phrase.
    const elsewhere = entries.filter((entry) => entry.page !== page).flatMap((entry) => entry.words.filter(isWord));
    const compound = (word) => elsewhere.some((other) => other.length < word.length && word.startsWith(other));
    const words = new Set(spellings.filter((spelling) => isWord(spelling) && !compound(spelling)));
    const phraseWords = new Set(
        spellings.flatMap((spelling) => (isWord(spelling) ? [spelling] : spelling.split(/\s+/))).filter((word) => !words.has(word)),
    );
    const escape = (word) => word.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    const block = (set, weight) => (set.size === 0 ? "" : `<p data-pagefind-weight="${weight}">${[...set].map(escape).join(" ")}</p>`);
    return block(words, wordWeight) + block(phraseWords, phraseWeight);
}

/** The glossary's own lists of spellings count for little, so that the
 * chapter that explains a term ranks above the glossary entry. */
function quietSpellings(html, language) {
    const label = labels[language].spellings;
    return html.replaceAll(new RegExp(`${label}([^<]*)`, "g"), `<span data-pagefind-weight="${glossaryWeight}">${label}$1</span>`);
}

// Not chapters: the print page repeats every chapter, the table of contents
// repeats every title, index.html repeats the first chapter.
const notChapters = new Set(["print.html", "toc.html", "404.html", "index.html"]);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const refuse = (problem) => {
        console.error(`search-index.mjs: ${problem}`);
        process.exit(2);
    };
    if (process.argv.length > 3) refuse("one BOOK_DIR at most (usage: node site/search-index.mjs [BOOK_DIR])");
    const missing = ["ko", "en"].filter((language) => !existsSync(path.join(bookDir, language, "index.html")));
    if (missing.length > 0) refuse(`no built ${missing.join(" or ")} edition in ${bookDir} (run tools/book build)`);
    await buildIndexes();
}

async function buildIndexes() {
    for (const language of ["ko", "en"]) {
        const site = path.join(bookDir, language);
        const { index, errors } = await pagefind.createIndex({
            excludeSelectors: [".mobile-nav-chapters"],
            forceLanguage: language,
        });
        if (errors.length > 0) throw new Error(errors.join("\n"));

        const spellings = await glossarySpellings(language);
        const pages = (await readdir(site)).filter((f) => f.endsWith(".html") && !notChapters.has(f));
        for (const { page } of spellings) {
            if (!pages.includes(page)) throw new Error(`${language}/glossary.md links ${page}, which was not built`);
        }
        for (const page of pages) {
            // Index the chapter itself (<main>), not the menu bar or navigation,
            // and take the result's title from its heading, not the book's title.
            // The glossary's spellings for this page go at the end of <main>.
            let content = (await readFile(path.join(site, page), "utf8"))
                .replace(/<main>(\s*)<h1\b/, '<main data-pagefind-body>$1<h1 data-pagefind-meta="title"')
                .replace("</main>", `${spellingsBlock(spellings, page)}</main>`);
            if (page === "glossary.html") content = quietSpellings(content, language);
            const added = await index.addHTMLFile({ url: `/${page}`, content });
            if (added.errors.length > 0) throw new Error(`${page}: ${added.errors.join("\n")}`);
        }
        const written = await index.writeFiles({ outputPath: path.join(site, "pagefind") });
        if (written.errors.length > 0) throw new Error(written.errors.join("\n"));
        console.log(`search-index: ${language}: ${pages.length} pages indexed`);
    }
    await pagefind.close();
}
