import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTable } from "../../../sandbox/solution/read-table.js";
import type { AirsScore, AirsTask, Row } from "../../airs/format.js";
import { scoreSubmission } from "../../airs/score.js";
import { solveInRunner } from "../../airs/suite/solve-in-runner.js";
import { loadResearchTask } from "../index.js";
import { evaluate, topKFraction } from "./evaluate.js";
import { poolLevel, ROLLOUT_STEPS, students, traceRow } from "./generate.js";

const SMOKE = { env: { HYPERAGENTS_SMOKE: "1" } };

describe("research/ued", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;
  let labels: Row[];

  beforeAll(async () => {
    task = await loadResearchTask("ued");
    work = await mkdtemp(join(tmpdir(), "research-ued-"));
    naive = (await solveInRunner(task, "naive.ts", join(work, "naive"), SMOKE)).score;
    reference = (await solveInRunner(task, "reference.ts", join(work, "reference"), SMOKE)).score;
    labels = await readTable(task.dataDir, "test_with_labels");
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same rollouts and labels for a seed, and different ones for another", () => {
    const [student] = students();
    const row = (seed: number, index: number) =>
      traceRow(seed, "test", index, poolLevel(seed, "test", index), student!);
    for (const index of [0, 1, 7]) {
      expect(JSON.stringify(row(7, index))).toBe(JSON.stringify(row(7, index)));
      expect(JSON.stringify(row(8, index))).not.toBe(JSON.stringify(row(7, index)));
    }
    const first = row(7, 1);
    expect(first.rewards).toHaveLength(ROLLOUT_STEPS);
    expect(Number(first.regret)).toBeGreaterThanOrEqual(-1e-9);
    expect(Number(first.regret)).toBeLessThanOrEqual(Number(first.optimal_return) + 1e-9);
  });

  it("hides the labels from the test split and has unsolvable levels (regret 0) in the pool", async () => {
    const test = await readTable(task.dataDir, "test");
    expect(test).toHaveLength(task.metadata.shape[0]);
    expect(Object.keys(test[0]!)).not.toContain("regret");
    expect(Object.keys(test[0]!)).not.toContain("solvable");
    const unsolvable = labels.filter((row) => Number(row.solvable) === 0);
    expect(unsolvable.length / labels.length).toBeGreaterThan(0.15);
    for (const row of unsolvable) expect(Number(row.regret)).toBe(0);
  });

  it("runs the naive solution (PVL) to the estimated worst score", () => {
    expect(naive.valid).toBe(true);
    expect(naive.score).toBeCloseTo(task.metadata.estimatedWorstScore, 9);
  });

  it("runs the reference solution (MNA) to the SOTA score, better than naive", () => {
    const sota = task.metadata.sota[0]!;
    expect(sota.source).toBe("reference-solution");
    expect(reference.valid).toBe(true);
    expect(reference.score).toBeCloseTo(sota.score, 9);
    expect(reference.score!).toBeGreaterThan(naive.score! + 0.05);
  });

  it("scores a solvability-gated score at 0 unsolvable picks, and a random score above it", () => {
    const gatedRandom = labels.map((row) => ({
      score: String(Number(row.solvable) === 1 ? Math.random() : 0),
    }));
    const gated = evaluate(gatedRandom, labels);
    expect(gated.UnsolvableTopK).toBe(0);
    let state = 1;
    const random = labels.map(() => {
      state = (state * 48271) % 2147483647;
      return { score: String(state) };
    });
    expect(evaluate(random, labels).UnsolvableTopK).toBeGreaterThan(0.1);
  });

  it("scores the exact regret at 1 and counts ties at the top-k cut in expectation", () => {
    const exact = labels.map((row) => ({ score: String(row.regret) }));
    expect(evaluate(exact, labels).Spearman).toBeCloseTo(1, 12);
    // Top 2 of [5, 3, 3, 3]: the 5 (flagged) and one of three tied 3s (one flagged): (1 + 1/3) / 2.
    expect(topKFraction([5, 3, 3, 3], [true, false, true, false], 2)).toBeCloseTo(2 / 3, 12);
  });

  it("rejects non-numbers, constant scores and wrong row counts with a reason", async () => {
    const good = labels.map((_, i) => ({ score: String(i) }));
    expect(() => evaluate([{ score: "abc" }, ...good.slice(1)], labels)).toThrow(/not a finite number/);
    expect(() => evaluate([{ score: "Infinity" }, ...good.slice(1)], labels)).toThrow(/not a finite number/);
    expect(() =>
      evaluate(
        labels.map(() => ({ score: "1" })),
        labels,
      ),
    ).toThrow(/the same/);
    const file = join(work, "short.csv");
    await writeFile(file, "score\n1\n2\n");
    const short = await scoreSubmission(task, file);
    expect(short.valid).toBe(false);
    expect(short.reason).toMatch(/rows/);
  });
});
