// Writes outputs/levels/ID.ends for every level in site/levels/: the set of
// end states the engine reaches over every schedule, one per line, sorted.
// checks' loom test compares each file with what loom computes for the same
// Rust program; site/test/engine.test.mjs fails when a file is out of date.
//
//   node site/levels/enumerate.mjs           write the files
//   node site/levels/enumerate.mjs --check   only say which differ (exit 1)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { endsFile, prepare } from "../stepper/engine.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
export const outDir = path.join(root, "outputs/levels");

/** Every level, prepared, by id, in file-name order. */
export function levels() {
    return fs
        .readdirSync(here)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => prepare(JSON.parse(fs.readFileSync(path.join(here, f), "utf8"))));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const args = process.argv.slice(2);
    if (args.some((a) => a !== "--check")) {
        console.error(`enumerate.mjs: unknown argument '${args.find((a) => a !== "--check")}' (usage: enumerate.mjs [--check])`);
        process.exit(2);
    }
    const check = args.includes("--check");
    let stale = 0;
    fs.mkdirSync(outDir, { recursive: true });
    for (const level of levels()) {
        const file = path.join(outDir, `${level.id}.ends`);
        const text = endsFile(level);
        const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
        if (old === text) continue;
        stale++;
        if (check) console.error(`enumerate.mjs: outputs/levels/${level.id}.ends is out of date`);
        else {
            fs.writeFileSync(file, text);
            console.log(`enumerate.mjs: wrote outputs/levels/${level.id}.ends`);
        }
    }
    if (check && stale > 0) process.exit(1);
}
