/**
 * The offline AIRS scaffold (agents/airs-offline): its task agent, run in the real sandbox,
 * writes a solution that the real solution runner turns into a valid submission on every bundled
 * task; it tries variants through the real run_solution tool; its meta agent edits params.ts and
 * its own policy, and the edited program still passes the engine's compile check.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateProgram } from "../../evals/evaluate-program.js";
import { checkProgram, HYPERAGENT_CONTRACT } from "../../sandbox/check-program.js";
import { createSandbox } from "../../sandbox/index.js";
import type { Sandbox } from "../../sandbox/types.js";
import { withMetaEntry } from "../../sdk/evolve/agents.js";
import { createModel } from "../../sdk/llm/create-model.js";
import { airsSuite } from "../../tasks/airs/index.js";
import { loadBundledAirsTask } from "../../tasks/airs/load-task.js";
import { airsInput, airsTask } from "../../tasks/airs/task.js";
import { solutionTools } from "../../tasks/airs/tools.js";
import { kindOf, submissionColumns } from "../airs-offline/configure.js";
import { activeMarkers, lineWith, parseMarkers, perturb } from "../airs-offline/markers.js";
import { groupWeights, kindsOf, lineageScores, successRate } from "../airs-offline/meta_agent.js";
import type { MetaData } from "../airs-offline/types.js";
import { changedPaths, copyProgram, readProgram, seedMathRandom } from "./program-files.js";

const AIRS_OFFLINE_DIR = new URL("../airs-offline/", import.meta.url).pathname;

/** The program with its search set to `variants` run_solution calls. */
async function programWith(variants: number): Promise<Record<string, string>> {
  const files = await readProgram(AIRS_OFFLINE_DIR);
  files["params.ts"] = files["params.ts"]!.replace(/variants: \d+,/, `variants: ${variants},`);
  return files;
}

const KINDS: Record<string, string> = {
  "code-retrieval": "ranking",
  "graph-property": "graph",
  "math-word-problems": "classification",
  "molecule-energy": "geometry",
  "review-sentiment": "classification",
  "sentence-similarity": "correlation",
  "traffic-forecasting": "forecast",
};

describe("reading the task", () => {
  it("tells each bundled task's kind and submission header from its input", async () => {
    for (const { name } of airsSuite()) {
      const input = airsInput(await loadBundledAirsTask(name)) as Parameters<typeof kindOf>[0];
      expect(kindOf(input), name).toBe(KINDS[name] ?? "regression");
    }
    const code = airsInput(await loadBundledAirsTask("code-retrieval")) as Parameters<typeof kindOf>[0];
    expect(submissionColumns(code)).toEqual(["query", "rankings"]);
    expect(submissionColumns({ scoringColumn: "y", prompt: "no header stated" })).toEqual(["y"]);
  });
});

describe("markers and the meta agent's statistics (plain Node)", () => {
  const source = [
    "export const a = {",
    '  model: "ridge", // @choice ridge|mlp|knn',
    "  epochs: 150, // @tune int 10..600",
    "  ridge: 0.001, // @tune 0.000001..10",
    "  timeBudgetMs: 50000,",
    "};",
  ].join("\n");

  it("parses numbers and choices by group and rewrites only the value", () => {
    const markers = parseMarkers(source);
    expect(markers.map((m) => [m.group, m.name, m.value])).toEqual([
      ["a", "model", "ridge"],
      ["a", "epochs", 150],
      ["a", "ridge", 0.001],
    ]);
    expect(lineWith(markers[0]!, "knn")).toBe('  model: "knn", // @choice ridge|mlp|knn');
    expect(lineWith(markers[1]!, 42)).toBe("  epochs: 42, // @tune int 10..600");
  });

  it("leaves lines whose @when condition does not hold out of the active ones", () => {
    const text = [
      "export const g = {",
      '  model: "ridge", // @choice ridge|knn',
      "  ridge: 0.01, // @tune 0.0001..10 @when model=ridge",
      "  knn: 5, // @tune int 1..60 @when model=knn|mlp",
      "};",
    ].join("\n");
    const markers = parseMarkers(text);
    expect(markers[2]?.when).toEqual({ key: "model", values: ["knn", "mlp"] });
    expect(markers[2]?.max).toBe(60);
    expect(activeMarkers(markers).map((m) => m.name)).toEqual(["model", "ridge"]);
    expect(lineWith(markers[1]!, 0.5)).toBe("  ridge: 0.5, // @tune 0.0001..10 @when model=ridge");
  });

  it("moves numbers within bounds to a different value; whole numbers stay whole", () => {
    const restore = seedMathRandom(3);
    try {
      const [, epochs, ridge] = parseMarkers(source);
      for (let i = 0; i < 200; i++) {
        const e = perturb(epochs!, 0.3);
        expect(Number.isInteger(e) && e >= 10 && e <= 600 && e !== 150).toBe(true);
        const r = perturb(ridge!, 0.3);
        expect(r >= 0.000001 && r <= 10 && r !== 0.001).toBe(true);
      }
    } finally {
      restore();
    }
  });

  it("sends edits to the kinds the parent scored worst on, read from the solutions' output", () => {
    const instance = (kind: string, score: number) => ({
      id: kind,
      score,
      details: { outputTail: `wrote 10 rows (kind ${kind}, regression, model ridge)\n` },
    });
    const evaluations = [
      {
        nodeId: "p",
        taskId: "airs",
        split: "train",
        score: 0.5,
        instances: [instance("geometry", 0.2), instance("forecast", 0.95)],
      },
      { nodeId: "g", taskId: "airs", split: "train", score: 0.4, instances: [] },
    ];
    const weights = groupWeights(evaluations, ["search", "geometry", "forecast", "graph"]);
    expect(weights.get("geometry")!).toBeGreaterThan(weights.get("forecast")! * 5);
    expect(weights.get("graph")!).toBeLessThan(weights.get("geometry")!);
    expect(weights.get("search")!).toBeGreaterThan(0);
    expect(kindsOf({ metric: "MRR" })).toEqual(["ranking"]);
    // Long details reach the meta agent as clipped JSON text.
    expect(
      kindsOf(
        '{"metric":"MASE","outputTail":"wrote 150 rows (kind forecast, forecast, model ridge)\\n","solu…',
      ),
    ).toEqual(["forecast"]);
    expect(kindsOf('{"metric":"MASE","outputTail":"","solution":"// The kind of one column…')).toEqual([
      "forecast",
    ]);
    expect(lineageScores(evaluations)).toEqual([0.5, 0.4]);
    expect(successRate([0.5, 0.4, 0.45], 4)).toBe(0.5);
  });
});

describe("the offline AIRS scaffold in the real sandbox and solution runner", () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(async () => {
    await sandbox.dispose();
  });

  // No tool runs here (variants 0): the filled template goes straight to the test split.
  for (const { name } of airsSuite()) {
    it(`writes a valid submission for airs/${name}`, async () => {
      const task = airsTask(await loadBundledAirsTask(name));
      const evaluation = await evaluateProgram({
        files: await programWith(0),
        task,
        model: createModel("offline"),
      });
      const details = evaluation.results[0]?.details as {
        valid: boolean;
        score: number;
        normalizedScore: number;
        reason?: string;
      };
      expect(details.valid, details.reason).toBe(true);
      expect(details.normalizedScore).toBeGreaterThan(0);
      console.log(`airs/${name}: score ${details.score}, normalised ${details.normalizedScore.toFixed(4)}`);
    }, 150_000);
  }

  it("tries its choice and a variant on held-out training rows with run_solution", async () => {
    const airs = await loadBundledAirsTask("traffic-forecasting");
    const result = await sandbox.run({
      files: await programWith(2),
      entry: "task_agent.ts",
      export: "solve",
      input: airsInput(airs),
      capabilities: {
        data: { task: { id: airs.id, description: airs.prompt } },
        tools: solutionTools(airs, {}),
      },
      limits: { timeoutMs: 120_000, maxToolCalls: 5 },
      seed: 1,
    });
    expect(result.ok, result.ok ? "" : result.message).toBe(true);
    const tries = result.logs.filter((line) => /valid true, validation \d/.test(line));
    expect(tries.length).toBeGreaterThanOrEqual(1);
    expect(result.ok && String((result.value as { solution: string }).solution)).toMatch(
      /hyperagents\/solution/,
    );
  }, 150_000);

  it("runs the meta agent on a worktree copy: params.ts edited, the program still compiles", async () => {
    const dir = await copyProgram(AIRS_OFFLINE_DIR);
    try {
      const before = await readProgram(dir);
      const evaluation = (nodeId: string, score: number) => ({
        nodeId,
        taskId: "airs",
        split: "train",
        score,
        instances: [
          { id: "molecule-energy", score, details: { outputTail: "wrote 2000 rows (kind geometry, …)" } },
        ],
      });
      const data: MetaData = {
        nodeId: "child",
        parentId: "p",
        generation: 2,
        iterationsLeft: 5,
        tasks: [{ id: "airs", description: "" }],
        evaluations: [evaluation("p", 0.6), evaluation("g", 0.5)],
        peers: [],
      };
      const result = await sandbox.run({
        files: withMetaEntry(before),
        entry: "__hyperagents_meta_entry.ts",
        export: "run",
        input: null,
        capabilities: { files: { root: dir }, data },
        limits: { timeoutMs: 20_000 },
        seed: 5,
      });
      expect(result.ok, result.ok ? "" : result.message).toBe(true);
      const after = await readProgram(dir);
      const changed = changedPaths(before, after);
      expect(changed).toContain("params.ts");
      // The 1/5th rule: the last step improved (0.5 -> 0.6), so the step size grew.
      expect(changed).toContain("meta_policy.ts");
      const edited = parseMarkers(after["params.ts"]!).filter(
        (m) => m.value !== parseMarkers(before["params.ts"]!).find((o) => o.line === m.line)?.value,
      );
      expect(edited.length).toBeGreaterThan(0);
      expect(await checkProgram(after, HYPERAGENT_CONTRACT)).toMatchObject({ ok: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
