/**
 * The AIRS research scaffolds (agents/airs-greedy, agents/airs-one-shot): the greedy search
 * policy on hand-checked trees, the run verdict, the reply readers, the search loop's failure
 * paths and each program's meta agent. The task agents end to end: airs-scaffolds-e2e.test.ts.
 */
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleProgram, createSandbox } from "../../sandbox/index.js";
import type { Sandbox } from "../../sandbox/types.js";
import { withMetaEntry } from "../../sdk/evolve/agents.js";
import type { ChatRequest, ChatResponse } from "../../sdk/llm/types.js";
import { scriptedModel } from "../../sdk/testing/scripted-model.js";
import { readAnalysis } from "../airs-greedy/analyze.js";
import { extractCode, extractObject } from "../airs-greedy/extract.js";
import { metaInstruction, summariseLineage } from "../airs-greedy/meta_agent.js";
import { search as searchParams } from "../airs-greedy/params.js";
import { nextAction, type PolicyParams } from "../airs-greedy/policy.js";
import { createRandom } from "../airs-greedy/random.js";
import { readRunResult } from "../airs-greedy/run_solution.js";
import { runSearch } from "../airs-greedy/search.js";
import { finalNode } from "../airs-greedy/task_agent.js";
import {
  type Analysis,
  bestNode,
  debugDepth,
  judge,
  type NodeKind,
  type RunResult,
  type SearchTree,
  type SolutionNode,
} from "../airs-greedy/tree.js";
import type { ChatRequest as ProgramChatRequest } from "../airs-greedy/types.js";
import { extractCode as extractOneShotCode } from "../airs-one-shot/extract.js";
import { changedPaths, copyProgram, readProgram } from "./program-files.js";

const GREEDY_DIR = fileURLToPath(new URL("../airs-greedy/", import.meta.url));
const ONE_SHOT_DIR = fileURLToPath(new URL("../airs-one-shot/", import.meta.url));

const PARAMS: PolicyParams = { numDrafts: 3, debugProb: 0.5, maxDebugDepth: 2, maxSteps: 20 };

/** A node of a hand-built tree: `metric` null makes it buggy. */
function node(id: number, parent: number | null, kind: NodeKind, metric: number | null): SolutionNode {
  return {
    id,
    parent,
    kind,
    plan: "",
    code: `// script ${id}`,
    run: null,
    analysis: { isBug: metric === null, printedMetric: metric, summary: "" },
    isBuggy: metric === null,
    metric,
  };
}

/** A random source that replays the given numbers and fails when asked for more. */
function replay(...values: number[]): () => number {
  return () => {
    const next = values.shift();
    if (next === undefined) throw new Error("the policy drew more random numbers than the test expects");
    return next;
  };
}

const tree = (nodes: SolutionNode[], lowerIsBetter = false): SearchTree => ({ nodes, lowerIsBetter });

describe("greedy policy (nextAction)", () => {
  it("drafts until numDrafts drafts exist, without drawing random numbers", () => {
    expect(nextAction(tree([]), PARAMS, replay())).toEqual({ kind: "draft" });
    // Two drafts, one with a debug child: debug and improve nodes do not count as drafts.
    const nodes = [node(0, null, "draft", null), node(1, null, "draft", 0.4), node(2, 0, "debug", 0.5)];
    expect(nextAction(tree(nodes), PARAMS, replay())).toEqual({ kind: "draft" });
  });

  it("debugs a buggy leaf drawn at random when the coin falls under debugProb", () => {
    // Buggy leaves: 1 and 3 (0 is buggy but has a child). Coin 0.2 < 0.5, then pick 0.7 -> index 1 of [1, 3].
    const nodes = [
      node(0, null, "draft", null),
      node(1, null, "draft", null),
      node(2, null, "draft", 0.3),
      node(3, 0, "debug", null),
    ];
    expect(nextAction(tree(nodes), PARAMS, replay(0.2, 0.7))).toEqual({ kind: "debug", parent: 3 });
    expect(nextAction(tree(nodes), PARAMS, replay(0.2, 0.1))).toEqual({ kind: "debug", parent: 1 });
  });

  it("improves the best good node when the coin falls at or over debugProb", () => {
    const nodes = [node(0, null, "draft", null), node(1, null, "draft", 0.3), node(2, null, "draft", 0.7)];
    expect(nextAction(tree(nodes), PARAMS, replay(0.5))).toEqual({ kind: "improve", parent: 2 });
    // Lower is better: the 0.3 node is the best.
    expect(nextAction(tree(nodes, true), PARAMS, replay(0.9))).toEqual({ kind: "improve", parent: 1 });
  });

  it("improves the best node even when it already has children", () => {
    const nodes = [
      node(0, null, "draft", 0.9),
      node(1, null, "draft", 0.2),
      node(2, null, "draft", 0.3),
      node(3, 0, "improve", 0.8),
      node(4, 0, "improve", 0.85),
    ];
    expect(nextAction(tree(nodes), PARAMS, replay(0.99))).toEqual({ kind: "improve", parent: 0 });
  });

  it("drafts again when nothing is good and nothing may be debugged", () => {
    const nodes = [node(0, null, "draft", null), node(1, null, "draft", null), node(2, null, "draft", null)];
    // Coin over debugProb: no debug; no good node: draft.
    expect(nextAction(tree(nodes), PARAMS, replay(0.6))).toEqual({ kind: "draft" });
  });

  it("caps debug chains: a leaf deeper than maxDebugDepth is never debugged", () => {
    // 0 (draft, buggy) <- 3 (debug, depth 1) <- 4 (debug, depth 2) <- 5 (debug, depth 3): all buggy.
    const nodes = [
      node(0, null, "draft", null),
      node(1, null, "draft", 0.4),
      node(2, null, "draft", 0.6),
      node(3, 0, "debug", null),
      node(4, 3, "debug", null),
    ];
    const t = tree(nodes);
    expect(nodes.map((n) => debugDepth(t, n))).toEqual([0, 0, 0, 1, 2]);
    // Depth 2 <= maxDebugDepth 2: the only buggy leaf, 4, is debugged.
    expect(nextAction(t, PARAMS, replay(0.1, 0.5))).toEqual({ kind: "debug", parent: 4 });
    const deeper = tree([...nodes, node(5, 4, "debug", null)]);
    expect(debugDepth(deeper, deeper.nodes[5]!)).toBe(3);
    // Depth 3 > 2: no debuggable leaf, so the best good node (2) is improved, the coin notwithstanding.
    expect(nextAction(deeper, PARAMS, replay(0.1))).toEqual({ kind: "improve", parent: 2 });
    // An improve node starts a new chain: its debug child has depth 1.
    const improved = tree([...nodes, node(5, 2, "improve", null), node(6, 5, "debug", null)]);
    expect(debugDepth(improved, improved.nodes[6]!)).toBe(1);
  });

  it("stops when the step budget is spent, before anything else", () => {
    const nodes = [node(0, null, "draft", null), node(1, null, "draft", 0.5)];
    expect(nextAction(tree(nodes), { ...PARAMS, maxSteps: 2 }, replay())).toEqual({
      kind: "stop",
      reason: "the 2-step budget is spent",
    });
    expect(nextAction(tree(nodes), { ...PARAMS, maxSteps: 3 }, replay())).toEqual({ kind: "draft" });
  });

  it("with debugProb 1 always debugs while a buggy leaf is within the cap (the reference defaults)", () => {
    const params = { ...PARAMS, debugProb: 1 };
    const nodes = [node(0, null, "draft", 0.1), node(1, null, "draft", 0.2), node(2, null, "draft", null)];
    const random = createRandom(7);
    for (let k = 0; k < 20; k++)
      expect(nextAction(tree(nodes), params, random)).toEqual({ kind: "debug", parent: 2 });
  });
});

describe("greedy parameters", () => {
  it("ship aira-dojo's MLE-bench greedy defaults", () => {
    expect(searchParams).toMatchObject({
      numDrafts: 5,
      debugProb: 1,
      maxDebugDepth: 20,
      maxSteps: 20,
      seed: null,
    });
  });
});

describe("greedy search tree", () => {
  it("picks the best good node by metric, earliest on ties, respecting lowerIsBetter", () => {
    const nodes = [node(0, null, "draft", 0.5), node(1, null, "draft", null), node(2, null, "draft", 0.5)];
    expect(bestNode(tree(nodes))?.id).toBe(0);
    nodes.push(node(3, 0, "improve", 0.2));
    expect(bestNode(tree(nodes))?.id).toBe(0);
    expect(bestNode(tree(nodes, true))?.id).toBe(3);
    expect(bestNode(tree([node(0, null, "draft", null)]))).toBeUndefined();
  });

  it("submits the best good node, else the newest valid submission, else the newest script", () => {
    const valid = (n: SolutionNode): SolutionNode => ({ ...n, run: { ...RUN, submissionValid: true } });
    expect(finalNode(tree([node(0, null, "draft", 0.3), node(1, null, "draft", null)]))?.id).toBe(0);
    const buggy = [valid(node(0, null, "draft", null)), node(1, null, "draft", null)];
    expect(finalNode(tree(buggy))?.id).toBe(0);
    expect(finalNode(tree([node(0, null, "draft", null), node(1, null, "draft", null)]))?.id).toBe(1);
    expect(finalNode(tree([{ ...node(0, null, "draft", null), code: "" }]))).toBeUndefined();
  });

  const RUN: RunResult = {
    exitCode: 0,
    timedOut: false,
    wallMs: 900,
    outputTail: "validation_metric: 0.7",
    submissionValid: true,
    validationScore: 0.65,
  };
  const OK: Analysis = { isBug: false, printedMetric: 0.7, summary: "fine" };

  it("judges a run: the host's validation score ranks, the printed metric is the fallback", () => {
    expect(judge(RUN, OK)).toEqual({ isBuggy: false, metric: 0.65 });
    expect(judge({ ...RUN, validationScore: null }, OK)).toEqual({ isBuggy: false, metric: 0.7 });
    // Printed nothing: the host's score stands in; an unknown verdict does not condemn a clean run.
    expect(judge(RUN, { isBug: null, printedMetric: null, summary: "" })).toEqual({
      isBuggy: false,
      metric: 0.65,
    });
    // No metric from either side: buggy.
    expect(judge({ ...RUN, validationScore: null }, { ...OK, printedMetric: null })).toEqual({
      isBuggy: true,
      metric: null,
    });
  });

  it("judges a run buggy when it failed, timed out, wrote an invalid submission or was called a bug", () => {
    for (const run of [
      { ...RUN, exitCode: 1 },
      { ...RUN, exitCode: null, timedOut: true },
      { ...RUN, submissionValid: false, validationScore: null },
      { ...RUN, toolError: "ctx.tools.run_solution failed: bad filename" },
    ]) {
      expect(judge(run, OK)).toEqual({ isBuggy: true, metric: null });
    }
    expect(judge(RUN, { ...OK, isBug: true })).toEqual({ isBuggy: true, metric: null });
    expect(judge(null, OK)).toEqual({ isBuggy: true, metric: null });
  });

  it("reads the tool's reply defensively", () => {
    expect(
      readRunResult({
        exitCode: 0,
        timedOut: false,
        wallMs: 5,
        outputTail: "x",
        submissionValid: true,
        validationScore: 0.5,
      }),
    ).toEqual(RUN_OF({ outputTail: "x", wallMs: 5, validationScore: 0.5 }));
    expect(readRunResult("nonsense")).toEqual({
      exitCode: null,
      timedOut: false,
      wallMs: 0,
      outputTail: "",
      submissionValid: false,
      validationScore: null,
    });
    expect(readRunResult({ exitCode: 1, validationScore: "0.4", reason: "missing file" })).toMatchObject({
      exitCode: 1,
      validationScore: null,
      reason: "missing file",
    });
  });

  function RUN_OF(fields: Partial<RunResult>): RunResult {
    return {
      exitCode: 0,
      timedOut: false,
      wallMs: 0,
      outputTail: "",
      submissionValid: true,
      validationScore: null,
      ...fields,
    };
  }
});

describe("reading replies", () => {
  it("takes the last TypeScript block as the script and the prose before it as the plan", () => {
    const reply =
      '<think>```ts\nnot this\n```</think>Plan: ridge on lags.\n```json\n{"a":1}\n```\n```typescript\nconst a = 1;\n```\nDone.';
    expect(extractCode(reply)).toEqual({ plan: "Plan: ridge on lags.", code: "const a = 1;" });
    expect(extractOneShotCode(reply)).toBe("const a = 1;");
    expect(extractCode("```\nplain();\n```").code).toBe("plain();");
    expect(extractCode("I cannot write code.")).toEqual({ plan: "I cannot write code.", code: "" });
    expect(extractOneShotCode("no code")).toBe("");
  });

  it("reads the analysis verdict, and an unreadable one as unknown", () => {
    expect(
      readAnalysis('Verdict:\n```json\n{"is_bug": false, "metric": "0.81", "summary": "ok"}\n```'),
    ).toEqual({
      isBug: false,
      printedMetric: 0.81,
      summary: "ok",
    });
    expect(readAnalysis('{"is_bug": true, "metric": null, "summary": "crashed {at} load"} trailing')).toEqual(
      {
        isBug: true,
        printedMetric: null,
        summary: "crashed {at} load",
      },
    );
    expect(readAnalysis("it looks fine")).toMatchObject({ isBug: null, printedMetric: null });
    expect(extractObject('{"a": 1} then {"b": {"c": 2}}')).toEqual({ b: { c: 2 } });
  });
});

/** The program's view of a model: the same shapes, as they cross the sandbox. */
function asProgramLlm(model: { generate(r: ChatRequest): Promise<ChatResponse> }) {
  return { generate: (request: ProgramChatRequest) => model.generate(request as ChatRequest) };
}

describe("greedy search loop without a model or a tool", () => {
  const input = { metric: "MASE", lowerIsBetter: true, scoringColumn: "label_target" };

  it("gives up after maxModelFailures failed model calls in a row, with no node", async () => {
    const model = scriptedModel([new Error("HTTP 500"), new Error("HTTP 500"), new Error("HTTP 503")]);
    const logs: string[] = [];
    const ctx = {
      version: 1 as const,
      data: { task: { id: "t", description: "d" } },
      llm: asProgramLlm(model),
      tools: {},
      log: (...args: unknown[]) => logs.push(args.join(" ")),
    };
    const outcome = await runSearch(ctx, "d", input, createRandom(1));
    expect(outcome.tree.nodes).toEqual([]);
    expect(outcome.stopReason).toBe("3 model calls failed in a row; last: HTTP 503");
    expect(logs).toHaveLength(3);
  });

  it("records a reply without a script, and a task without the tool, as buggy nodes without an analysis call", async () => {
    // Two steps: a reply with no code, then a script the missing tool cannot run. No analysis calls.
    const model = scriptedModel([
      { text: "I would use ridge regression." },
      { text: "```ts\nconsole.log(1);\n```" },
    ]);
    const ctx = {
      version: 1 as const,
      data: { task: { id: "t", description: "d" } },
      llm: asProgramLlm(model),
      tools: {},
      log: () => {},
    };
    const { tree: searched } = await runSearchWith(ctx, { numDrafts: 5, maxSteps: 2 });
    expect(searched.nodes.map((n) => [n.kind, n.isBuggy, n.run?.toolError ?? null])).toEqual([
      ["draft", true, null],
      ["draft", true, "this task has no run_solution tool"],
    ]);
    expect(model.requests).toHaveLength(2);
    // The second draft's prompt remembers the first.
    expect(model.requests[1]?.messages[0]?.content).toContain("attempt 0 (draft): buggy");
  });

  /** runSearch under temporarily changed search parameters. */
  async function runSearchWith(ctx: Parameters<typeof runSearch>[0], changes: Partial<typeof searchParams>) {
    const saved = { ...searchParams };
    Object.assign(searchParams, changes);
    try {
      return await runSearch(ctx, "d", input, createRandom(1));
    } finally {
      Object.assign(searchParams, saved);
    }
  }
});

describe("the scaffolds' meta agents", () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(async () => {
    await sandbox.dispose();
  });

  const metaData = {
    nodeId: "n2",
    parentId: "n1",
    generation: 2,
    iterationsLeft: 5,
    tasks: [{ id: "airs/traffic-forecasting", description: "Forecast page views." }],
    evaluations: [
      {
        nodeId: "n1",
        taskId: "airs/traffic-forecasting",
        split: "train",
        score: 0,
        instances: [
          {
            id: "TrafficForecastingMASE",
            score: 0,
            error: "the solution exited with code 1; submission.csv is missing",
            details: { metric: "MASE", score: null, valid: false },
          },
        ],
      },
    ],
    peers: [],
  };

  it("summarises the lineage with each task's validity and failure reason", () => {
    const text = summariseLineage(metaData.evaluations);
    expect(text).toContain("this program (the parent), node n1:");
    expect(text).toContain(
      "TrafficForecastingMASE: 0.0000, invalid submission (the solution exited with code 1",
    );
    expect(metaInstruction(metaData)).toContain("5 improvement iterations left");
  });

  for (const [name, dir, edit] of [
    ["greedy", GREEDY_DIR, { path: "params.ts", old_str: "numDrafts: 5,", new_str: "numDrafts: 3," }],
    [
      "one-shot",
      ONE_SHOT_DIR,
      { path: "task_agent.ts", old_str: "const TEMPERATURE = 0;", new_str: "const TEMPERATURE = 0.3;" },
    ],
  ] as const) {
    it(`${name}: edits its own program through the host's editor, in the sandbox`, async () => {
      const work = await copyProgram(dir);
      try {
        const before = await readProgram(work);
        for (const entry of ["task_agent.ts", "meta_agent.ts"])
          expect((await bundleProgram(before, entry)).ok).toBe(true);
        const model = scriptedModel([
          { toolCalls: [{ id: "a", name: "view", arguments: { path: edit.path, start: 1, end: 5 } }] },
          { toolCalls: [{ id: "b", name: "str_replace", arguments: { ...edit, old_str: "no such text" } }] },
          { toolCalls: [{ id: "c", name: "str_replace", arguments: edit }] },
          { text: "Changed one value." },
        ]);
        const meta = await sandbox.run({
          files: withMetaEntry(before),
          entry: "__hyperagents_meta_entry.ts",
          export: "run",
          input: null,
          capabilities: { llm: model, files: { root: work }, data: metaData },
          limits: { timeoutMs: 20_000 },
        });
        expect(meta.ok, meta.ok ? "" : meta.message).toBe(true);
        if (meta.ok) expect(meta.value).toContain("1 edit(s) in 3 tool call(s)");
        const after = await readProgram(work);
        expect(changedPaths(before, after)).toEqual([edit.path]);
        expect(after[edit.path]).toContain(edit.new_str);
        expect(model.requests[0]?.messages[0]?.content).toContain("invalid submission");
        expect(model.requests[2]?.messages.at(-1)).toMatchObject({
          role: "tool",
          toolCallId: "b",
          isError: true,
        });
        expect((await bundleProgram(after, "task_agent.ts")).ok).toBe(true);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
