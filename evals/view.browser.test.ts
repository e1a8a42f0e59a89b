/**
 * The eval viewer in a real browser (Debian's Chromium, headless, via playwright-core): the page
 * opens with no console errors, shows the models × tasks table with intervals, and drills down
 * from a task to one sample's transcript; what a model wrote stays text.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEvalView } from "../sdk/cli/commands/eval.js";
import { memoryIo } from "../sdk/cli/memory-io.js";
import { launchChromium } from "../sdk/report/browser-timing.js";
import { EVAL_LOG_FORMAT, openEvalLog, type SampleRecord } from "./log.js";
import { logFileName } from "./run-eval.js";

const root = mkdtempSync(join(tmpdir(), "hyperagents-eval-view-"));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

const HOSTILE = '</pre><script>window.pwned = 1</script><img src=x onerror="window.pwned=2">';

function writeLog(dir: string, task: string, model: string, scores: number[]): void {
  const writer = openEvalLog(join(dir, logFileName(task, model)), {
    type: "header",
    format: EVAL_LOG_FORMAT,
    version: 1,
    task,
    model,
    config: { agent: null, seeds: 1, limit: null, options: {} },
    created: new Date().toISOString(),
  });
  scores.forEach((score, i) => {
    const record: SampleRecord = {
      type: "sample",
      task,
      model,
      split: "test",
      instance: `case-${i}`,
      seed: 0,
      input: { question: `question ${i}` },
      transcript: [
        {
          system: "You are careful.",
          messages: [{ role: "user", content: `question ${i}` }],
          response: `answer ${i} from ${model} ${HOSTILE}`,
          error: null,
          inputTokens: 12,
          outputTokens: 7,
          costUsd: 0.0001,
          ms: 250,
        },
      ],
      answer: { text: `answer ${i}` },
      score,
      error: score === 0 ? "thrown: no answer" : null,
      details: null,
      tokens: { input: 12, output: 7 },
      costUsd: 0.0001,
      wallMs: 300,
      at: new Date().toISOString(),
    };
    writer.append(record);
  });
  writer.close();
}

describe("eval-view.html in Chromium", () => {
  it("shows the table with intervals and a sample's transcript, with no console errors and no model markup run", async () => {
    const dir = join(root, "run");
    mkdirSync(dir, { recursive: true });
    writeLog(dir, "toy", "openai:a", [1, 0.8, 0.9, 0]);
    writeLog(dir, "toy", "anthropic:b", [0.5, 0.4, 0.6, 0.2]);
    writeLog(dir, "circle-packing", "openai:a", [0.7, 0.71]);
    const io = memoryIo({ cwd: root });
    const table = runEvalView([dir], {}, io);
    expect(table.paired).toHaveLength(1);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(pathToFileURL(join(dir, "eval-view.html")).href, { waitUntil: "load", timeout: 30_000 });
    const grid = page.locator("table.grid");
    expect(await grid.locator("th").allTextContents()).toEqual(
      expect.arrayContaining(["model", "toy", "circle-packing", "openai:a", "anthropic:b"]),
    );
    const cell = await grid
      .locator("tr", { hasText: "openai:a" })
      .locator("td")
      .nth(table.tasks.indexOf("toy"))
      .textContent();
    expect(cell).toMatch(/^0\.675 \[-?\d\.\d{3}, \d\.\d{3}\]4 samples, 1 error$/);
    expect(await page.locator("table.paired").textContent()).toContain("anthropic:b − openai:a4-0.250");

    // Drill down: the task's section, a model, a sample, its transcript.
    await grid.locator("a", { hasText: "toy" }).first().click();
    const section = page.locator("section#task-toy");
    const model = section
      .locator("details.model")
      .filter({ has: page.locator("summary", { hasText: "anthropic:b" }) });
    await model.locator("summary").first().click();
    const sample = model.locator('details.sample[data-instance="case-2"]');
    await sample.locator("summary").click();
    const reply = sample.locator("pre.reply");
    await expect.poll(() => reply.isVisible()).toBe(true);
    expect(await reply.textContent()).toBe(`reply\nanswer 2 from anthropic:b ${HOSTILE}`);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator("script, img").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
