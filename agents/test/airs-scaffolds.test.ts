/**
 * The AIRS research scaffolds (agents/airs-greedy, agents/airs-one-shot): the greedy search
 * policy on hand-checked trees, the run verdict and the reply readers, each program's meta agent,
 * and both task agents end to end: the real `openai` client against the local OpenAI-compatible
 * server, the programs in the real sandbox, and the real `run_solution` tool on a bundled task.
 */
import { describe, expect, it } from "vitest";
import { readAnalysis } from "../airs-greedy/analyze.js";
import { extractCode, extractObject } from "../airs-greedy/extract.js";
import { nextAction, type PolicyParams } from "../airs-greedy/policy.js";
import { createRandom } from "../airs-greedy/random.js";
import { readRunResult } from "../airs-greedy/run_solution.js";
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
import { extractCode as extractOneShotCode } from "../airs-one-shot/extract.js";

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
