/**
 * Report benchmark: writeReport time and first paint in headless Chromium for synthetic archives
 * of 100, 1,000 and 5,000 nodes. Prints a table and writes bench/results/report.json.
 * Run: npx tsx bench/report.ts  (needs /usr/bin/chromium: apt-get install -y chromium)
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, openReport } from "../sdk/report/browser-timing.js";
import { writeReport } from "../sdk/report/index.js";
import { createSyntheticRun } from "../sdk/testing/synthetic-run.js";

const SIZES = [100, 1000, 5000];
const REPEATS = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "hyperagents-bench-report-"));
  const browser = await launchChromium();
  const rows = [];
  try {
    // The first writeReport in a process also bundles the page script (esbuild): measure it apart.
    const warm = join(root, "warm");
    createSyntheticRun(warm, { nodes: 10 });
    let started = performance.now();
    await writeReport(warm);
    const coldMs = performance.now() - started;

    for (const nodes of SIZES) {
      const dir = join(root, `run-${nodes}`);
      started = performance.now();
      createSyntheticRun(dir, { nodes, seed: nodes });
      const syntheticMs = performance.now() - started;
      const writeMs: number[] = [];
      let html = "";
      for (let i = 0; i < REPEATS; i++) {
        started = performance.now();
        html = (await writeReport(dir)).html;
        writeMs.push(performance.now() - started);
      }
      const tree: number[] = [];
      const fcp: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
        const timing = await openReport(page, html);
        if (timing.errors.length > 0) throw new Error(`page errors: ${timing.errors.join("; ")}`);
        tree.push(timing.treeDrawnMs);
        if (timing.firstContentfulPaintMs !== null) fcp.push(timing.firstContentfulPaintMs);
        await page.close();
      }
      rows.push({
        nodes,
        syntheticRunMs: Math.round(syntheticMs),
        writeReportMs: Math.round(median(writeMs)),
        htmlBytes: statSync(html).size,
        treeDrawnMs: Math.round(median(tree)),
        firstContentfulPaintMs: fcp.length > 0 ? Math.round(median(fcp)) : null,
      });
    }
    console.log(`writeReport, first call in a process (bundles the page script): ${coldMs.toFixed(0)} ms`);
    console.table(rows);
    const out = fileURLToPath(new URL("./results/", import.meta.url));
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, "report.json"),
      `${JSON.stringify(
        {
          bench: "report",
          date: new Date().toISOString(),
          machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "?", node: process.version },
          browser: `chromium ${browser.version()} headless`,
          repeats: REPEATS,
          note: "medians of repeats; treeDrawnMs is performance time from navigation start to the tree drawn",
          firstWriteReportMs: Math.round(coldMs),
          rows,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
