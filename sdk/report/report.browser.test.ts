/**
 * The report in a real browser (Debian's Chromium, headless, via playwright-core): clicking a node
 * shows its scores and diff, markup in a diff stays text, and a 5,000-node archive paints in < 2 s.
 * Chromium missing is a failure with the install command, not a skip.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSyntheticRun } from "../testing/synthetic-run.js";
import { launchChromium, openReport } from "./browser-timing.js";
import { writeReport } from "./index.js";
import { loadRun } from "./load-run.js";

const root = mkdtempSync(join(tmpdir(), "hyperagents-report-browser-"));
const artifacts = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("report.html in Chromium", () => {
  it("shows a clicked node's scores and diff, with markup in the diff kept as text", async () => {
    const dir = join(root, "small");
    createSyntheticRun(dir, { nodes: 60, seed: 3, transcriptEvery: 4 });
    const run = loadRun(dir);
    // A valid child with a diff that tries to run a script.
    const target = run.nodes.find((node) => node.status === "valid" && node.parentId !== null)!;
    const hostile =
      "+const s = '</script><script>window.pwned = 1</script><img src=x onerror=\"window.pwned=2\">';";
    writeFileSync(
      join(dir, "nodes", target.id, "diff.patch"),
      `--- a/task_agent.ts\n+++ b/task_agent.ts\n@@ -1,2 +1,2 @@\n-const s = '';\n${hostile}\n`,
    );
    const { html } = await writeReport(dir);

    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const timing = await openReport(page, html);
    const index = run.nodes.indexOf(target);
    await page.locator(`circle[data-i="${index}"]`).click({ force: true });
    await page.waitForFunction((id) => document.querySelector(".detail h3")?.textContent === id, target.id);

    const panel = page.locator(".detail");
    const val = run.scores.find((s) => s.nodeId === target.id && s.split === "val")!;
    await expect.poll(() => panel.locator("table.scores").textContent()).toContain(val.score.toFixed(3));
    expect(await panel.locator("table.scores").textContent()).toContain(val.taskId);
    expect(await panel.locator("pre.diff .add").textContent()).toBe(`${hostile}\n`);
    expect(await panel.locator("pre.diff .del").textContent()).toBe("-const s = '';\n");
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator(".detail script, .detail img").count()).toBe(0);

    // The parent link selects the parent; invalid nodes explain themselves on hover.
    await panel.locator("button.link").first().click();
    await page.waitForFunction(
      (id) => document.querySelector(".detail h3")?.textContent === id,
      target.parentId,
    );
    const invalid = run.nodes.findIndex((node) => node.status === "invalid");
    await page.locator(`circle[data-i="${invalid}"]`).hover({ force: true });
    expect(await page.locator(".tree-tip").textContent()).toContain(run.nodes[invalid]!.rejectStage!);

    await page.locator(`circle[data-i="${index}"]`).click({ force: true });
    await page.waitForFunction((id) => document.querySelector(".detail h3")?.textContent === id, target.id);
    await page.mouse.move(0, 0);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "report.png"), fullPage: true });
    expect(timing.errors).toEqual([]);
    await page.close();
  });

  it("paints a 5,000-node archive in under 2 s", { timeout: 90_000 }, async () => {
    const dir = join(root, "large");
    createSyntheticRun(dir, { nodes: 5000, seed: 11 });
    const { html } = await writeReport(dir);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const timing = await openReport(page, html);
    console.log(
      `5,000-node report: tree drawn at ${timing.treeDrawnMs.toFixed(0)} ms, first contentful paint ${timing.firstContentfulPaintMs?.toFixed(0) ?? "n/a"} ms (wall ${timing.wallMs.toFixed(0)} ms)`,
    );
    expect(timing.errors).toEqual([]);
    expect(await page.locator(".nodes circle").count()).toBe(5000);
    expect(timing.treeDrawnMs).toBeLessThan(2000);
    await page.close();
  });
});
