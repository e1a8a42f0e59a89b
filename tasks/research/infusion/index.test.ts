import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsScore, AirsTask } from "../../airs/format.js";
import { solveInRunner } from "../../airs/suite/solve-in-runner.js";
import { loadResearchTask } from "../index.js";
import { generate } from "./generate.js";

const SMOKE = { env: { HYPERAGENTS_SMOKE: "1" } };

describe("research/infusion", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadResearchTask("infusion");
    work = await mkdtemp(join(tmpdir(), "research-infusion-"));
    // Both solutions run at once (two child processes); each is scored as it finishes.
    [naive, reference] = (await Promise.all(
      ["naive", "reference"].map(
        async (name) => (await solveInRunner(task, `${name}.ts`, join(work, name), SMOKE)).score,
      ),
    )) as [AirsScore, AirsScore];
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same data for a seed, with the hidden columns only in testWithLabels", () => {
    const splits = generate(7);
    expect(JSON.stringify(generate(7))).toBe(JSON.stringify(splits));
    expect(JSON.stringify(generate(8).train.slice(0, 5))).not.toBe(JSON.stringify(splits.train.slice(0, 5)));
    expect(splits.test).toHaveLength(splits.testWithLabels.length);
    splits.testWithLabels.forEach((row, i) => {
      expect(Object.keys(splits.test[i] ?? {}).sort()).toEqual(["experiment", "probe", "target"]);
      expect(row.target).not.toBe(row.probe_label);
      expect(typeof row.noise_seed).toBe("number");
    });
  });

  it("runs the naive solution to the estimated worst score, near zero", () => {
    expect(naive.valid).toBe(true);
    expect(naive.score).toBeCloseTo(task.metadata.estimatedWorstScore, 9);
    expect(Math.abs(naive.score ?? 1)).toBeLessThan(0.01);
    expect(naive.normalizedScore).toBe(0);
  });

  it("runs the reference (Infusion, smoke size) clearly above naive and near its full-size score", () => {
    const sota = task.metadata.sota[0]!;
    expect(sota.source).toBe("reference-solution");
    expect(reference.valid).toBe(true);
    expect(reference.score ?? 0).toBeGreaterThan((naive.score ?? 0) + 0.02);
    expect(reference.score ?? 0).toBeGreaterThan(0.5 * sota.score);
  });
});
