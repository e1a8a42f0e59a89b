/**
 * The leaderboard page in a real browser (Debian's Chromium, headless, via playwright-core),
 * opened from file://: the headline table in rank order with SOTA last, the Elo chart drawn
 * with a dot inside each interval bar, and the per-task table; no console errors, and an
 * agent name holding markup stays text.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { airsLeaderboardCommand } from "../../sdk/cli/commands/airs-leaderboard.js";
import { memoryIo } from "../../sdk/cli/memory-io.js";
import { launchChromium } from "../../sdk/report/browser-timing.js";
import { type FixtureRun, writeFixtureLog } from "./fixtures/write-logs.js";

const root = mkdtempSync(join(tmpdir(), "hyperagents-airs-leaderboard-"));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

function folder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const HOSTILE = 'local:</td><script>window.pwned = 1</script><img src=x onerror="window.pwned=2">';

/** Traffic (MASE ↓, SOTA 0.74) and molecule energy (MAE ↓, SOTA 0.056), two seeds each. */
function runs(traffic: (number | null)[], molecule: (number | null)[]): FixtureRun[] {
  const at = (instance: string, scores: (number | null)[]) =>
    scores.map((score, seed) => ({ instance, task: `airs/${instance}`, seed, score }));
  return [...at("traffic-forecasting", traffic), ...at("molecule-energy", molecule)];
}

describe("leaderboard.html in Chromium", () => {
  it("shows the ranked table, the Elo chart with intervals and the per-task table, with no console errors", async () => {
    // One `--out` folder per agent program, as `hyperagents eval` names a log by task and model only.
    writeFixtureLog(folder("greedy"), {
      task: "airs",
      model: "openai:gpt-x",
      agent: "agents/airs-greedy",
      runs: runs([0.7, 0.8], [0.05, 0.3]),
    });
    writeFixtureLog(folder("one-shot"), {
      task: "airs",
      model: "openai:gpt-x",
      agent: "agents/airs-one-shot",
      runs: runs([1.0, null], [2.0, 5.0]),
    });
    writeFixtureLog(folder("shipped"), {
      task: "airs",
      model: HOSTILE,
      agent: null,
      runs: runs([null, null], [9.0, null]),
    });
    const io = memoryIo({ cwd: root });
    const board = airsLeaderboardCommand(["greedy", "one-shot", "shipped"], { out: "leaderboard.html" }, io);
    expect(board.agents.map((a) => a.program)).toEqual(["airs-greedy", "airs-one-shot", "default"]);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(pathToFileURL(join(root, "leaderboard.html")).href, {
      waitUntil: "load",
      timeout: 30_000,
    });

    // The headline table: rank order, each mean NS with its interval, SOTA as the reference row.
    const headline = page.locator("table#headline tbody tr");
    expect(await headline.locator("th").allTextContents()).toEqual([
      ...board.agents.map((a) => a.agent),
      "SOTA (reference)",
    ]);
    const first = board.agents[0]!;
    const firstCells = await headline.first().locator("td").allTextContents();
    expect(firstCells[1]).toBe(
      `${first.mean.value.toFixed(3)} [${first.mean.ci[0].toFixed(3)}, ${first.mean.ci[1].toFixed(3)}]`,
    );
    expect(firstCells[4]).toContain("100%");
    expect(await headline.last().textContent()).toContain("by construction");

    // The Elo chart: one row per player, a visible bar and a dot on it, best first.
    const chart = page.locator("svg#elo-chart");
    expect(await chart.isVisible()).toBe(true);
    const players = chart.locator("g.player");
    expect(await players.count()).toBe(4);
    const drawn = await players.evaluateAll((groups) =>
      groups.map((g) => {
        const line = g.querySelector("line.ci")!.getBoundingClientRect();
        const dot = g.querySelector("circle")!.getBoundingClientRect();
        return {
          name: g.getAttribute("data-player"),
          value: Number(g.querySelector("text.value")!.textContent),
          bar: [line.left, line.right],
          dot: dot.left + dot.width / 2,
          dotWidth: dot.width,
          y: dot.top,
        };
      }),
    );
    const ratings = drawn.map((d) => d.value);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
    expect(drawn.map((d) => d.name)).toContain("SOTA (reference)");
    for (const [i, d] of drawn.entries()) {
      expect(d.dotWidth).toBeGreaterThan(4);
      expect(d.dot).toBeGreaterThanOrEqual(d.bar[0]! - 0.5);
      expect(d.dot).toBeLessThanOrEqual(d.bar[1]! + 0.5);
      if (i > 0) expect(d.y).toBeGreaterThan(drawn[i - 1]!.y);
    }

    // The per-task table: tasks as columns, an agent's mean NS, VSR and raw score in each cell.
    const perTask = page.locator("table#per-task");
    const heads = await perTask.locator("thead th").allTextContents();
    expect(heads[1]).toMatch(/^airs\/molecule-energyMeanAbsoluteError ↓ · SOTA 0\.0561$/);
    expect(heads[2]).toMatch(/^airs\/traffic-forecastingMASE ↓ · SOTA 0\.7404$/);
    const oneShot = perTask.locator("tbody tr", { hasText: "airs-one-shot" });
    const traffic = board.cells.find(
      (c) => c.agent.startsWith("airs-one-shot") && c.task === "airs/traffic-forecasting",
    )!;
    expect(await oneShot.locator("td").nth(1).textContent()).toBe(
      `${traffic.meanNormalizedScore.toFixed(3)}VSR 50% (1/2)raw 1.0000`,
    );

    // What a log holds stays text.
    expect(await page.locator("table#headline").textContent()).toContain(HOSTILE);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator("script, img").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
