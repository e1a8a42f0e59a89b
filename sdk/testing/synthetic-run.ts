/**
 * A synthetic run directory (run.json, run.sqlite, nodes/<id>/ files, summary.json) with N nodes of
 * random lineage, scores, invalid children, costs and diffs, written through the run store's own
 * write API. For report tests and the report benchmark; no model, sandbox or git involved.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RejectStage } from "../evolve/events.js";
import {
  type BaselineName,
  RUN_CONFIG_VERSION,
  type RunConfig,
  writeRunConfig,
} from "../evolve/run-config.js";
import { writeRunSummary } from "../evolve/run-summary-file.js";
import { deriveSeed, seededRandom } from "../internal/random.js";
import { openRunStore, type ScoreRecord } from "../store/run-store.js";

export interface SyntheticRunOptions {
  /** Nodes in the archive, the initial node included (>= 1). */
  nodes: number;
  /** Children per generation; default grows with N (5 for 100 nodes, 50 for 5,000). */
  childrenPerGeneration?: number;
  seed?: number;
  baseline?: BaselineName;
  tasks?: string[];
  /** Share of children rejected (meta, compile, empty diff, …). Default 0.25. */
  invalidRate?: number;
  /** Mean score gain of a child over its parent; default 0.01 (a run that slowly improves). */
  drift?: number;
  /** Write a meta transcript for every n-th node (0: none). Default 10. */
  transcriptEvery?: number;
}

const REJECTS: [RejectStage, string][] = [
  ["meta", "timeout: the meta agent ran past 600000 ms"],
  ["empty-diff", "the meta agent changed nothing"],
  ["compile", "typecheck: Property 'solve' is missing in type '{}' (task_agent.ts:3)"],
  ["evaluation", "stage score 0 is not above the threshold 0"],
];

export function createSyntheticRun(runDir: string, options: SyntheticRunOptions): { bestNodeId: string } {
  const total = Math.max(1, Math.floor(options.nodes));
  const k = options.childrenPerGeneration ?? Math.max(2, Math.round(Math.sqrt(total) / 1.4));
  const seed = options.seed ?? 1;
  const tasks = options.tasks ?? ["toy-sum", "toy-sort"];
  const invalidRate = options.invalidRate ?? 0.25;
  const drift = options.drift ?? 0.01;
  const transcriptEvery = options.transcriptEvery ?? 10;
  const random = seededRandom(deriveSeed(seed, "synthetic"));
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const generations = Math.ceil((total - 1) / k);

  mkdirSync(runDir, { recursive: true });
  const config: RunConfig = {
    schemaVersion: RUN_CONFIG_VERSION,
    tasks,
    agentDir: "agents/offline",
    taskModel: "openai:gpt-4o-mini",
    metaModel: "anthropic:claude-sonnet-4-5",
    generations,
    childrenPerGeneration: k,
    parallel: 4,
    selection: "dgm-h",
    stageSize: 3,
    stageThreshold: 0,
    budgetUsd: null,
    seed,
    baseline: options.baseline ?? "none",
    editableSelection: false,
    limits: {
      meta: { timeoutMs: 600_000, memoryMb: 256, maxToolCalls: 200 },
      task: { timeoutMs: 60_000, memoryMb: 256, maxToolCalls: 50 },
    },
    createdAt: new Date(0).toISOString(),
  };
  writeRunConfig(runDir, config);
  const store = openRunStore(join(runDir, "run.sqlite"));
  const valid: { id: string; score: number }[] = [];
  let best = { id: "initial", score: -1 };
  const record = (id: string, generation: number, parentId: string | null, score: number) => {
    const perTask = tasks.map((task) => ({ task, score: clamp(score + 0.05 * normal()) }));
    const scores: ScoreRecord[] = perTask.flatMap(({ task, score: s }) => [
      {
        nodeId: id,
        taskId: task,
        split: "train",
        stage: "full" as const,
        score: clamp(s + 0.02),
        evaluated: 20,
        total: 20,
      },
      { nodeId: id, taskId: task, split: "val", stage: "full" as const, score: s, evaluated: 10, total: 10 },
    ]);
    const mean = perTask.reduce((sum, t) => sum + t.score, 0) / perTask.length;
    store.finishNode(id, {
      status: "valid",
      commit: hex(random, 40),
      tree: hex(random, 40),
      compiled: true,
      score: mean,
      diffLines: parentId ? 4 + Math.floor(random() * 30) : 0,
      metaMs: parentId ? 2000 + random() * 60_000 : 0,
      evalMs: 500 + random() * 20_000,
      summary: parentId ? `Tuned the ${tasks[Math.floor(random() * tasks.length)]} heuristic.` : "",
      scores,
    });
    for (const task of tasks) {
      store.recordModelCall({
        nodeId: id,
        role: "task",
        model: "openai:gpt-4o-mini",
        inputTokens: 2000 + Math.floor(random() * 3000),
        outputTokens: 200 + Math.floor(random() * 500),
        costUsd: 0.0006 + random() * 0.001,
        cached: false,
        latencyMs: 400 + random() * 800,
      });
      void task;
    }
    store.appendEvent({
      type: "child-evaluated",
      nodeId: id,
      generation,
      payload: { type: "child-evaluated", generation, nodeId: id, parentId, score: mean, stage: "full" },
    });
    valid.push({ id, score: mean });
    if (mean > best.score) best = { id, score: mean };
  };

  store.appendEvent({ type: "run-start", payload: { type: "run-start", generations, resumed: false } });
  store.insertPendingNode({ id: "initial", parentId: null, generation: 0, slot: 0, createdBy: null });
  record("initial", 0, null, 0.3);
  writeNodeFiles(runDir, "initial", null, random, false);

  let made = 1;
  for (let generation = 1; made < total; generation++) {
    store.beginGeneration(generation);
    // Score-proportional parent choice, as DGM-H's default policy.
    const weights = valid.map((node) => node.score + 0.05);
    const sum = weights.reduce((a, b) => a + b, 0);
    for (let slot = 0; slot < k && made < total; slot++, made++) {
      let pick = random() * sum;
      let parent = valid[0]!;
      for (let i = 0; i < valid.length; i++) {
        pick -= weights[i]!;
        if (pick <= 0) {
          parent = valid[i]!;
          break;
        }
      }
      const id = `g${generation}c${slot}`;
      store.insertPendingNode({ id, parentId: parent.id, generation, slot, createdBy: parent.id });
      store.recordModelCall({
        nodeId: id,
        role: "meta",
        model: "anthropic:claude-sonnet-4-5",
        inputTokens: 8000 + Math.floor(random() * 20_000),
        outputTokens: 500 + Math.floor(random() * 3000),
        costUsd: 0.02 + random() * 0.08,
        cached: false,
        latencyMs: 3000 + random() * 20_000,
      });
      if (random() < invalidRate) {
        const [stage, reason] = REJECTS[Math.floor(random() * REJECTS.length)]!;
        store.finishNode(id, {
          status: "invalid",
          rejectStage: stage,
          rejectReason: reason,
          metaMs: 1000 + random() * 30_000,
          ...(stage === "empty-diff" ? { diffLines: 0 } : {}),
        });
        store.appendEvent({
          type: "child-rejected",
          nodeId: id,
          generation,
          payload: { type: "child-rejected", generation, nodeId: id, parentId: parent.id, stage, reason },
        });
        writeNodeFiles(
          runDir,
          id,
          stage === "empty-diff" ? null : parent.id,
          random,
          transcriptEvery > 0 && made % transcriptEvery === 0,
        );
        continue;
      }
      record(id, generation, parent.id, clamp(parent.score + drift + 0.04 * normal()));
      writeNodeFiles(runDir, id, parent.id, random, transcriptEvery > 0 && made % transcriptEvery === 0);
    }
    store.finishGeneration(generation);
    store.appendEvent({
      type: "generation-end",
      generation,
      payload: { type: "generation-end", generation, elapsedMs: 20_000 + random() * 40_000 },
    });
  }
  const testScores = Object.fromEntries(
    tasks.map((task) => [task, clamp(best.score - 0.03 + 0.02 * normal())]),
  );
  store.recordScores(
    best.id,
    tasks.map((task) => ({
      nodeId: best.id,
      taskId: task,
      split: "test",
      stage: "full" as const,
      score: testScores[task]!,
      evaluated: 50,
      total: 50,
    })),
    [],
  );
  store.appendEvent({ type: "run-end", payload: { type: "run-end", reason: "done", bestNodeId: best.id } });
  const recorded = store.nodes();
  const costUsd = store.totalCostUsd();
  store.close();
  writeRunSummary(runDir, {
    runDir,
    reason: "done",
    generations,
    archiveSize: recorded.length,
    validCount: recorded.filter((node) => node.status === "valid").length,
    bestNodeId: best.id,
    bestScore: best.score,
    testScores,
    costUsd,
    wallMs: generations * 40_000,
  });
  return { bestNodeId: best.id };
}

function hex(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function writeNodeFiles(
  runDir: string,
  id: string,
  parentId: string | null,
  random: () => number,
  transcript: boolean,
): void {
  const dir = join(runDir, "nodes", id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "meta.log"),
    `[meta] improving ${parentId ?? "nothing"}\n[meta] edited task_agent.ts\n[meta] done`,
  );
  if (parentId !== null) writeFileSync(join(dir, "diff.patch"), syntheticDiff(random));
  if (transcript) {
    const request = {
      system: "You improve a TypeScript agent program.",
      messages: [{ role: "user", content: "Improve task_agent.ts so it scores higher." }],
      tools: [{ name: "str_replace", parameters: {} }],
    };
    const response = {
      text: "I will make the threshold adaptive.",
      toolCalls: [{ id: "1", name: "str_replace", arguments: { path: "task_agent.ts" } }],
      usage: { inputTokens: 1200, outputTokens: 80 },
      costUsd: 0.004,
      model: "anthropic:claude-sonnet-4-5",
      finishReason: "tool_calls",
    };
    writeFileSync(join(dir, "transcript.json"), JSON.stringify([{ request, response, latencyMs: 2100 }]));
  }
}

function syntheticDiff(random: () => number): string {
  const a = Math.floor(random() * 10);
  const b = Math.floor(random() * 10);
  return [
    "diff --git a/task_agent.ts b/task_agent.ts",
    "--- a/task_agent.ts",
    "+++ b/task_agent.ts",
    "@@ -3,7 +3,8 @@ export async function solve(input: Input, ctx: Context) {",
    "   const items = parse(input);",
    `-  const threshold = 0.${a};`,
    `+  const threshold = 0.${b}; // tuned`,
    "+  const limit = items.length < 10 ? items.length : 10;",
    "   for (const item of items) {",
    "     if (score(item) > threshold) keep(item);",
    "   }",
    "",
  ].join("\n");
}
