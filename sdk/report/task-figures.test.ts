import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { circlePackingTask } from "../../tasks/circle-packing/index.js";
import type { Split } from "../../tasks/task.js";
import { RUN_CONFIG_VERSION, writeRunConfig } from "../evolve/run-config.js";
import { openRunStore } from "../store/run-store.js";
import { writeReport } from "./index.js";
import type { ReportData } from "./report-types.js";

const root = mkdtempSync(join(tmpdir(), "hyperagents-task-figures-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A k x k grid of equal circles, padded with circles of radius 0 in a corner (valid for n >= k^2). */
function grid(n: number, k: number): number[][] {
  const circles: number[][] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) circles.push([(i + 0.5) / k, (j + 0.5) / k, 0.5 / k]);
  }
  while (circles.length < n) circles.push([0, 0, 0]);
  return circles.slice(0, n);
}

/** A one-node circle-packing run whose node is evaluated by the real task on val and test. */
async function circleRun(name: string, seed: number, k: number): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeRunConfig(dir, {
    schemaVersion: RUN_CONFIG_VERSION,
    tasks: ["circle-packing"],
    agentDir: "agents/offline",
    taskModel: "offline",
    metaModel: "offline",
    generations: 1,
    childrenPerGeneration: 1,
    parallel: 1,
    selection: "dgm-h",
    stageSize: 1,
    stageThreshold: 0,
    budgetUsd: null,
    seed,
    baseline: "none",
    editableSelection: false,
    limits: {
      meta: { timeoutMs: 1000, memoryMb: 64, maxToolCalls: 10 },
      task: { timeoutMs: 1000, memoryMb: 64, maxToolCalls: 10 },
    },
    createdAt: new Date(0).toISOString(),
  });
  const store = openRunStore(join(dir, "run.sqlite"));
  store.insertPendingNode({ id: "initial", parentId: null, generation: 0, slot: 0, createdBy: null });
  const scores = [];
  const evaluations = [];
  // Train holds a one-instance stage sample, as the engine records it.
  for (const split of ["train", "val", "test"] as Split[]) {
    const all = await circlePackingTask.instances(split);
    const instances = split === "train" ? all.slice(1) : all;
    let sum = 0;
    for (const instance of instances) {
      const n = (instance.input as { n: number }).n;
      const result = await circlePackingTask.evaluate(instance, {
        agent: async () => ({ ok: true, value: { circles: grid(n, k) } }),
        seed,
      });
      sum += result.score;
      evaluations.push({
        nodeId: "initial",
        taskId: "circle-packing",
        split,
        instanceId: instance.id,
        score: result.score,
        error: result.error ?? null,
        details: result.details,
        wallMs: 1,
      });
    }
    const mean = sum / instances.length;
    scores.push({
      nodeId: "initial",
      taskId: "circle-packing",
      split,
      stage: "full" as const,
      score: mean,
      evaluated: instances.length,
      total: instances.length,
    });
  }
  store.finishNode("initial", {
    status: "valid",
    score: scores.find((s) => s.split === "val")!.score,
    scores,
    evaluations,
  });
  store.close();
  return dir;
}

function embedded(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error("no report data in the page");
  return JSON.parse(match[1]) as ReportData;
}

describe("task figures in the report and summary.md", () => {
  it("lead with circle packing n = 26 alone, raw sum of radii beside the ratio, n = 32 on its own line", async () => {
    const dir = await circleRun("one", 1, 5);
    const { markdown, html } = await writeReport(dir);
    const text = readFileSync(markdown, "utf8");
    // 25 circles of r = 0.1 (+ one of radius 0): sum 2.5.
    const ratio26 = (2.5 / 2.6359830849).toFixed(4);
    expect(text).toContain(
      `| Headline: circle-packing n = 26 (val) | ${ratio26} (ratio to 2.6359830849) · sum of radii 2.50000 | 1 |`,
    );
    expect(text).toMatch(
      /\| circle-packing n = 32 \(val\) \| [\d.]+ \(ratio to 2\.939572\) · sum of radii 2\.50000 \| 1 \|/,
    );
    expect(text).toMatch(
      /\| circle-packing n = 27 \(test\) \| [\d.]+ \(ratio to 2\.685\) · sum of radii 2\.50000/,
    );
    // The headline row comes before the other figures.
    expect(text.indexOf("Headline: circle-packing n = 26")).toBeLessThan(
      text.indexOf("circle-packing n = 32"),
    );

    const data = embedded(readFileSync(html, "utf8"));
    const headline = data.headline.taskFigures.filter((row) => row.headline);
    expect(headline).toHaveLength(1);
    expect(headline[0]).toMatchObject({ task: "circle-packing", split: "val", label: "n = 26" });
    expect(headline[0]?.extra["sum of radii"]?.value).toBeCloseTo(2.5, 12);
  }, 60_000);

  it("pools each figure over the seeds of a configuration", async () => {
    const a = await circleRun("seed-a", 1, 5);
    const b = await circleRun("seed-b", 2, 5);
    const { markdown } = await writeReport(a, { compare: [b] });
    const text = readFileSync(markdown, "utf8");
    expect(text).toMatch(
      /\| Headline: circle-packing n = 26 \(val\) \| [\d.]+ \[[\d.]+, [\d.]+\] \(ratio to 2\.6359830849\) · sum of radii 2\.50000 \[2\.50000, 2\.50000\] \| 2 \|/,
    );
  }, 60_000);
});
