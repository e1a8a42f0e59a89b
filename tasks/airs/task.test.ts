/**
 * An AIRS task as a hyperagents Task: a program's answer is a solution script that the evaluator
 * runs and scores on the hidden labels; the program tries code through `ctx.tools.run_solution`
 * on held-out training rows. Programs run in the real sandbox, solutions in the real runner.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateProgram } from "../../evals/evaluate-program.js";
import { main } from "../../sdk/cli/main.js";
import { memoryIo } from "../../sdk/cli/memory-io.js";
import { createModel } from "../../sdk/llm/create-model.js";
import { AIRS_SUITE_DIR, AIRS_SUITE_SPLITS, airsSuite } from "./index.js";
import { loadBundledAirsTask } from "./load-task.js";
import { readAnswer } from "./run-and-score.js";
import { airsSuiteTask } from "./suite-task.js";
import { airsTask } from "./task.js";
import { buildHoldout } from "./tools.js";

const TASK = "molecule-energy";
const naive = readFileSync(join(AIRS_SUITE_DIR, TASK, "naive.ts"), "utf8");
const worst = (
  JSON.parse(readFileSync(join(AIRS_SUITE_DIR, TASK, "metadata.json"), "utf8")) as {
    estimatedWorstScore: number;
  }
).estimatedWorstScore;
const root = mkdtempSync(join(tmpdir(), "ha-airs-task-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function program(name: string, source: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "task_agent.ts"), source);
  return dir;
}

describe("readAnswer", () => {
  it("takes the script's text or { solution, filename }, and says what is wrong otherwise", () => {
    expect(readAnswer("console.log(1)")).toEqual({ solution: "console.log(1)" });
    expect(readAnswer({ solution: "x", filename: "main.js" })).toEqual({
      solution: "x",
      filename: "main.js",
    });
    expect(readAnswer({ solution: "x", filename: "../up.ts" })).toEqual({
      error: expect.stringMatching(/plain name ending in \.ts/),
    });
    expect(readAnswer({ answer: 3 })).toEqual({ error: expect.stringMatching(/no solution/) });
    expect(readAnswer({ error: "model failed" })).toEqual({ error: "model failed" });
  });
});

describe("hyperagents eval --task airs/<name> --agent DIR", () => {
  it("runs the program's solution in the runner and scores it: the naive script scores 0", async () => {
    const dir = program(
      "naive-agent",
      `const SOLUTION = ${JSON.stringify(naive)};\nexport async function solve() {\n  return { solution: SOLUTION };\n}\n`,
    );
    const out = join(root, "eval-naive");
    const io = memoryIo();
    const code = await main(["eval", "--task", `airs/${TASK}`, "--agent", dir, "--out", out], io);
    expect(code, io.err).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      results: { instanceId: string; score: number; details: Record<string, unknown> }[];
    };
    const [result] = results.results;
    expect(result?.score).toBe(0);
    expect(result?.details).toMatchObject({ valid: true, normalizedScore: 0, task: `airs/${TASK}` });
    expect(result?.details.score as number).toBeCloseTo(worst, 9);
    expect(io.err).toMatch(/normalised score: 0/);
  }, 180_000);

  it("tries code through ctx.tools.run_solution on held-out training rows, never on test", async () => {
    // The program reports what its tool calls returned by printing them from its final solution.
    const files = {
      "task_agent.ts": [
        `const SOLUTION = ${JSON.stringify(naive)};`,
        "export async function solve(_input: unknown, ctx: any) {",
        "  const broken = await ctx.tools.run_solution({ solution: 'throw new Error(\"oops\")' });",
        "  const tried = await ctx.tools.run_solution({ solution: SOLUTION });",
        "  const report = JSON.stringify({ broken, tried });",
        "  return { solution: 'console.log(' + JSON.stringify(report) + ');\\n' + SOLUTION };",
        "}",
        "",
      ].join("\n"),
    };
    const task = airsTask(await loadBundledAirsTask(TASK));
    const evaluation = await evaluateProgram({ files, task, model: createModel("offline") });
    const details = evaluation.results[0]?.details as { outputTail: string; valid: boolean };
    expect(details.valid).toBe(true);
    const line = details.outputTail.split("\n").find((text) => text.startsWith("{"));
    const { broken, tried } = JSON.parse(line ?? "{}") as Record<string, Record<string, unknown>>;
    expect(broken).toMatchObject({ exitCode: 1, submissionValid: false, validationScore: null });
    expect(String(broken?.outputTail)).toMatch(/oops/);
    expect(tried).toMatchObject({ exitCode: 0, submissionValid: true, metric: "MeanAbsoluteError" });
    // Scored on the held-out training rows: a number, and not the test score (the task's worst).
    expect(typeof tried?.validationScore).toBe("number");
    expect(tried?.validationScore).not.toBeCloseTo(worst, 6);
  }, 180_000);

  it("builds the holdout from 20% of train, its labels hidden in test", async () => {
    const task = await loadBundledAirsTask(TASK);
    const view = await buildHoldout(task, mkdtempSync(join(root, "holdout-")));
    expect(view).toBeDefined();
    const lines = (split: string) =>
      readFileSync(join(view!.dataDir, `${split}.jsonl`), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
    const test = lines("test");
    const labelled = lines("test_with_labels");
    expect(test.length).toBe(labelled.length);
    expect(test.every((row: Record<string, unknown>) => !(task.metadata.scoringColumn in row))).toBe(true);
    expect(labelled.every((row: Record<string, unknown>) => task.metadata.scoringColumn in row)).toBe(true);
    expect(view!.metadata.shape[0]).toBe(test.length);
  });
});

describe("the suite task `airs`", () => {
  it("holds out whole tasks: every bundled task is in exactly one split", async () => {
    const task = airsSuiteTask();
    const ids = (await Promise.all(task.splits.map((split) => task.instances(split))))
      .flat()
      .map((item) => item.id);
    expect(ids.sort()).toEqual(
      airsSuite()
        .map(({ name }) => name)
        .sort(),
    );
    for (const [name, split] of Object.entries(AIRS_SUITE_SPLITS)) {
      if (airsSuite().some((entry) => entry.name === name)) {
        expect((await task.instances(split)).map((item) => item.id)).toContain(name);
      }
    }
  });
});
