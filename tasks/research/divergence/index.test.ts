import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTable } from "../../../sandbox/solution/read-table.js";
import type { AirsScore, AirsTask } from "../../airs/format.js";
import { scoreSubmission } from "../../airs/score.js";
import { solveInRunner } from "../../airs/suite/solve-in-runner.js";
import { loadResearchTask } from "../index.js";
import { readRecipes } from "./evaluate.js";
import { EVALUATION, generate, SEEDS_PER_CONDITION } from "./generate.js";
import { MITIGATED_RECIPE, PLAIN_RECIPE } from "./kit/recipe.js";

const SMOKE = { env: { HYPERAGENTS_SMOKE: "1" } };

describe("research/divergence", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;
  const previous = process.env.HYPERAGENTS_SMOKE;

  beforeAll(async () => {
    // The host evaluator trains at smoke size too (one seed per condition, 50 steps).
    process.env.HYPERAGENTS_SMOKE = "1";
    task = await loadResearchTask("divergence");
    work = await mkdtemp(join(tmpdir(), "research-divergence-"));
    naive = (await solveInRunner(task, "naive.ts", join(work, "naive"), SMOKE)).score;
    reference = (await solveInRunner(task, "reference.ts", join(work, "reference"), SMOKE)).score;
  }, 240_000);

  afterAll(async () => {
    if (previous === undefined) delete process.env.HYPERAGENTS_SMOKE;
    else process.env.HYPERAGENTS_SMOKE = previous;
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same conditions and seeds for a seed, and hides the test seeds", async () => {
    expect(JSON.stringify(generate(7))).toBe(JSON.stringify(generate(7)));
    expect(JSON.stringify(generate(8).testWithLabels)).not.toBe(JSON.stringify(generate(7).testWithLabels));
    const splits = generate(7);
    expect(splits.test).toHaveLength(EVALUATION.length);
    splits.test.forEach((row, i) => {
      const { seeds, ...inputs } = splits.testWithLabels[i]!;
      expect(row).toEqual(inputs);
      expect(seeds).toHaveLength(SEEDS_PER_CONDITION);
    });
    // Validation has the evaluation conditions with other, visible seeds.
    const validationSeeds = splits.validation!.flatMap((row) => row.seeds as number[]);
    const testSeeds = splits.testWithLabels.flatMap((row) => row.seeds as number[]);
    expect(validationSeeds.some((s) => testSeeds.includes(s))).toBe(false);
    const test = await readTable(task.dataDir, "test");
    expect(Object.keys(test[0]!)).not.toContain("seeds");
    expect(test).toHaveLength(task.metadata.shape[0]);
  });

  it("runs the naive and the reference solutions, and the reference diverges less", () => {
    expect(naive.valid).toBe(true);
    expect(reference.valid).toBe(true);
    expect(naive.score).toBe(1);
    expect(reference.score).toBeLessThan(naive.score ?? 0);
  });

  it("reads recipes per row and rejects invalid ones with the row and the reason", () => {
    const rows = [{ recipe: JSON.stringify(PLAIN_RECIPE) }, { recipe: '{"qkNorm":true}' }];
    expect(readRecipes(rows)[1]).toEqual({ ...PLAIN_RECIPE, qkNorm: true });
    expect(() => readRecipes([{ recipe: "" }])).toThrow(/row 1 has no 'recipe'/);
    expect(() => readRecipes([rows[0]!, { recipe: '{"lr":0}' }])).toThrow(/row 2: unknown recipe field 'lr'/);
  });

  it("scores an invalid submission as invalid, with a one-line reason", async () => {
    const write = async (name: string, cells: string[]) => {
      const path = join(work, `${name}.csv`);
      await writeFile(path, `recipe\n${cells.map((c) => `"${c.replaceAll('"', '""')}"`).join("\n")}\n`);
      return scoreSubmission(task, path);
    };
    const good = JSON.stringify(MITIGATED_RECIPE);
    const n = task.metadata.shape[0];
    const cases: [string, string[], RegExp][] = [
      ["unknown", [...Array(n - 1).fill(good), '{"learningRate":0}'], /unknown recipe field 'learningRate'/],
      [
        "range",
        [good, '{"warmupFraction":1}', ...Array(n - 2).fill(good)],
        /row 2: recipe field 'warmupFraction'/,
      ],
      ["json", [...Array(n - 1).fill(good), "{qkNorm"], /not JSON/],
      ["short", Array(n - 1).fill(good), /rows/],
    ];
    for (const [name, cells, reason] of cases) {
      const score = await write(name, cells);
      expect(score.valid).toBe(false);
      expect(score.reason).toMatch(reason);
    }
  });
});
