/**
 * Issue-level check: a real offline run on circle packing, its three baselines, and
 * `hyperagents report RUN --compare …` give one report whose comparison shows every run, in
 * Chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../cli/main.js";
import { memoryIo } from "../cli/memory-io.js";
import { launchChromium, openReport } from "./browser-timing.js";

const root = mkdtempSync(join(tmpdir(), "hyperagents-baselines-"));
const artifacts = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

const io = () => memoryIo({ cwd: root });

describe("a DGM-H run and its baselines, compared", () => {
  it("runs offline, with no-self-improve, no-archive and dgm, and reports them side by side", {
    timeout: 240_000,
  }, async () => {
    const runs = ["none", "no-self-improve", "no-archive", "dgm"];
    for (const baseline of runs) {
      const cli = io();
      const code = await main(
        [
          "evolve",
          "--task",
          "circle-packing",
          "--generations",
          "3",
          "--children",
          "2",
          "--seed",
          "1",
          "--baseline",
          baseline,
          "--out",
          baseline,
        ],
        cli,
      );
      expect(code, cli.err).toBe(0);
    }
    const cli = io();
    expect(await main(["report", "none", "--compare", "no-self-improve", "no-archive", "dgm"], cli)).toBe(0);
    const html = join(root, cli.out.trim());
    expect(html).toMatch(/report\.html$/);
    const markdown = readFileSync(join(root, "none", "summary.md"), "utf8");
    for (const baseline of runs.slice(1)) expect(markdown).toContain(baseline);

    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const timing = await openReport(page, html);
    expect(timing.errors).toEqual([]);
    const legend = await page.locator("body").textContent();
    for (const baseline of runs.slice(1)) expect(legend).toContain(baseline);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "report-baselines.png"), fullPage: true });
    await page.close();
  });
});
