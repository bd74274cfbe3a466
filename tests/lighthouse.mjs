// Lighthouse on several pages with one Chrome and one load of Lighthouse, for
// tests/test_accessibility.py::test_lighthouse_scores: the CLI would start Node, load Lighthouse's
// audits and launch Chrome once per page. Each page still gets a run of its own (its own
// navigation, storage reset), as the CLI gives it, with the same defaults (mobile, simulated
// throttling). Usage: node lighthouse.mjs OUT.json CHROME_FLAGS_JSON CATEGORIES URL...
import fs from "node:fs";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [out, chromeFlags, categories, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({ chromeFlags: JSON.parse(chromeFlags) });
const results = {};
try {
  for (const url of urls) {
    // The full-page screenshot is for the HTML report, which nothing reads here.
    const flags = { port: chrome.port, onlyCategories: categories.split(","), disableFullPageScreenshot: true };
    const { lhr } = await lighthouse(url, { ...flags, logLevel: "error", output: "json" });
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const failing = Object.values(lhr.categories).flatMap((category) =>
      category.auditRefs
        .filter((ref) => ref.weight && (lhr.audits[ref.id].score ?? 0) < 1)
        .map((ref) => `${category.id}: ${lhr.audits[ref.id].title}`),
    );
    const scores = Object.fromEntries(Object.values(lhr.categories).map((category) => [category.id, category.score]));
    results[url] = { scores, failing };
  }
} finally {
  await chrome.kill();
}
fs.writeFileSync(out, JSON.stringify(results, null, 1));
