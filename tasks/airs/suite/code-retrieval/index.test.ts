import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsScore, AirsTask } from "../../format.js";
import { goldSelfTest } from "../../gold.js";
import { loadBundledAirsTask } from "../../load-task.js";
import { solveInRunner } from "../solve-in-runner.js";
import { evaluate } from "./evaluate.js";
import { generate } from "./generate.js";

const solve = async (task: AirsTask, script: string, workDir: string): Promise<AirsScore> =>
  (await solveInRunner(task, script, workDir)).score;

describe("airs/code-retrieval", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadBundledAirsTask("code-retrieval");
    work = await mkdtemp(join(tmpdir(), "airs-code-"));
    naive = await solve(task, "naive.ts", join(work, "naive"));
    reference = await solve(task, "reference.ts", join(work, "reference"));
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same corpus and queries for a seed, with the answer id only outside test", () => {
    const splits = generate(7);
    expect(JSON.stringify(generate(7))).toBe(JSON.stringify(splits));
    expect(JSON.stringify(generate(8).test)).not.toBe(JSON.stringify(splits.test));
    const rows =
      splits.train.length +
      (splits.validation?.length ?? 0) +
      splits.test.length +
      splits.testWithLabels.length;
    expect(rows).toBeLessThanOrEqual(10_000);
    expect(splits.test).toHaveLength(splits.testWithLabels.length);
    splits.test.forEach((row, i) => {
      const { id, ...inputs } = splits.testWithLabels[i]!;
      expect(row).toEqual(inputs);
      expect(Object.keys(row).sort()).toEqual(["code", "code_id", "query"]);
      expect(typeof id).toBe("number");
    });
  });

  it("answers every query with exactly one code of its own split, each code once, queries unique", () => {
    const { train, validation = [], testWithLabels } = generate(7);
    const allIds = new Set<unknown>();
    for (const rows of [train, validation, testWithLabels]) {
      const ids = rows.map((row) => row.code_id);
      expect([...rows.map((row) => row.id)].sort()).toEqual([...ids].sort());
      expect(new Set(rows.map((row) => row.query)).size).toBe(rows.length);
      for (const id of ids) allIds.add(id);
      // The corpus order is not the query order.
      expect(rows.filter((row) => row.id === row.code_id).length).toBeLessThan(rows.length / 10);
    }
    expect(allIds.size).toBe(train.length + validation.length + testWithLabels.length);
    for (const row of testWithLabels) expect(String(row.code)).toMatch(/^def Func\(arg_0, arg_1=None\):\n/);
  });

  it("scores the gold at the optimum and permuted golds worse", async () => {
    const { gold, adjacentSwap, shuffled } = await goldSelfTest(task);
    expect(gold).toMatchObject({ valid: true, score: 1 });
    expect(adjacentSwap.valid && shuffled.valid).toBe(true);
    expect(adjacentSwap.score).toBeLessThan(1);
    expect(shuffled.score).toBeLessThan(adjacentSwap.score ?? 1);
  });

  it("runs the naive solution to the estimated worst score", () => {
    expect(naive.valid).toBe(true);
    expect(naive.score).toBeCloseTo(task.metadata.estimatedWorstScore, 9);
    expect(naive.normalizedScore).toBeLessThan(1e-3);
  });

  it("runs the reference solution to the SOTA score, far better than naive", () => {
    const sota = task.metadata.sota[0]!;
    expect(sota.source).toBe("reference-solution");
    expect(reference.valid).toBe(true);
    expect(Math.abs((reference.score ?? 0) - sota.score) / sota.score).toBeLessThan(0.02);
    expect(reference.score).toBeGreaterThan(0.7);
    expect(reference.score).toBeLessThan(1);
    expect(reference.normalizedScore).toBeGreaterThan(0.95);
    expect(reference.normalizedScore).toBeLessThan(1.05);
  });

  it("scores reciprocal ranks by query, and rejects a ranking that is not a JSON list or a missing query", () => {
    const labels = [
      { query: "Load the active user .", id: 5 },
      { query: "Save the empty file .", id: 9 },
    ];
    const rows = [
      { query: "Save the empty file .", rankings: "[1, 2, 9]" },
      { query: "Load the active user .", rankings: "[5]" },
    ];
    expect(evaluate(rows, labels).MRR).toBe(0.6667);
    expect(() => evaluate([rows[0]!, { query: "Load the active user .", rankings: "5, 6" }], labels)).toThrow(
      /JSON list/,
    );
    expect(() => evaluate([rows[0]!, { query: "Another query", rankings: "[5]" }], labels)).toThrow(
      /no ranking/,
    );
  });
});
