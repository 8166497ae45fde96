// Screenshots for a person to look at (not a test): each given page, in a
// light and a dark theme, at desktop and phone width.
//   node site/shots.mjs OUT_DIR BASE_URL PAGE...
import { chromium } from "playwright-core";
const [out, base, ...pages] = process.argv.slice(2);
if (!out || !/^https?:\/\/./.test(base ?? "") || pages.length === 0) {
  console.error("shots.mjs: needs OUT_DIR, an http(s) BASE_URL and at least one PAGE (usage: node site/shots.mjs OUT_DIR BASE_URL PAGE...)");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const page of pages) {
  for (const [theme, width] of [["light", 1280], ["navy", 1280], ["light", 390], ["coal", 390]]) {
    const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 } });
    await context.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
    const tab = await context.newPage();
    await tab.goto(base + page);
    const anchor = new URL(base + page).hash;
    if (anchor) {
      await tab.evaluate((id) => {
        const target = document.getElementById(id) || document.getElementById(`${id}-title`);
        (target?.closest("figure") || target)?.scrollIntoView();
      }, anchor.slice(1));
    }
    const name = `${out}/${page.replace(/[\/#.]/g, "_")}-${theme}-${width}.png`;
    await tab.screenshot({ path: name });
    console.log(name);
    await context.close();
  }
}
await browser.close();
