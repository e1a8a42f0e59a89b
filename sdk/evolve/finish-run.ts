/**
 * How a run ends: the best node's test split (only when it can be scored honestly), the
 * run-end event and the summary.
 */
import { bestNode } from "../archive/archive.js";
import { type Engine, evaluationEnv, runBudgetSpent } from "./engine.js";
import { evaluateSplit } from "./evaluate.js";
import type { EvolveOptions, RunSummary } from "./options.js";
import type { Stop } from "./stop.js";

/** The test split (when it can be scored honestly), the run-end event and the summary. */
export async function finishRun(
  engine: Engine,
  options: EvolveOptions,
  started: number,
  stop: Stop,
): Promise<RunSummary> {
  const { store, config } = engine;
  // A signal that fired while the last generation ran out still means the run was stopped.
  const reason = engine.signal?.aborted ? "aborted" : stop.reason;
  const nodes = store.nodes();
  const best = bestNode(nodes);
  // The test split is scored only when it can be scored honestly: not after a stop (the process
  // may be losing its helpers) and not with a spent budget (refused calls would score 0).
  const testNotRun =
    reason === "aborted"
      ? "the run was stopped; the test split is scored when the run finishes"
      : runBudgetSpent(engine)
        ? "the budget was spent before the test split could be scored"
        : undefined;
  const test = best && !testNotRun ? await evaluateTest(engine, best.id) : { scores: {}, refused: false };
  const initialTest =
    options.testInitial && !testNotRun && !test.refused ? await evaluateTest(engine, "initial") : undefined;
  const testScores = test.scores;
  const initialTestScores = initialTest?.scores;
  const testSkipped =
    testNotRun ??
    (test.refused || initialTest?.refused
      ? "the budget ran out while scoring the test split; those scores were not recorded"
      : undefined);
  const costUsd = store.totalCostUsd();
  engine.emit({
    type: "run-end",
    reason,
    bestNodeId: best?.id ?? null,
    bestScore: best?.score ?? null,
    testScores,
    costUsd,
    runDir: engine.runDir,
  });
  return {
    runDir: engine.runDir,
    reason,
    generations: config.generations,
    archiveSize: nodes.length,
    validCount: nodes.filter((node) => node.status === "valid").length,
    bestNodeId: best?.id ?? null,
    bestScore: best?.score ?? null,
    testScores,
    ...(initialTestScores ? { initialTestScores } : {}),
    ...(testSkipped ? { testNotRun: testSkipped } : {}),
    ...(reason === "condition" ? { stopMessage: stop.message } : {}),
    costUsd,
    wallMs: performance.now() - started,
  };
}

/**
 * Test split: only for the final report, on the best node by selection score. A task whose
 * evaluation had a model call refused (the budget) is left unscored rather than recorded as 0.
 */
async function evaluateTest(
  engine: Engine,
  nodeId: string,
): Promise<{ scores: Record<string, number>; refused: boolean }> {
  const out: Record<string, number> = {};
  let refused = false;
  const tasks = engine.tasks.filter((task) => task.splits.includes("test"));
  if (tasks.length === 0) return { scores: out, refused };
  const existing = engine.store.scores(nodeId).filter((score) => score.split === "test");
  const files = await engine.programs.readFiles(nodeId);
  const scores = [];
  const evaluations = [];
  for (const task of tasks) {
    const known = existing.find((score) => score.taskId === task.id);
    if (known) {
      out[task.id] = known.score;
      continue;
    }
    let refusedHere = false;
    const env = evaluationEnv(engine, nodeId, {
      onRefused: () => {
        refusedHere = true;
      },
    });
    const result = await evaluateSplit(files, task, "test", nodeId, env);
    if (refusedHere || engine.signal?.aborted) {
      refused ||= refusedHere;
      continue;
    }
    out[task.id] = result.score.score;
    scores.push(result.score);
    evaluations.push(...result.evaluations);
  }
  if (scores.length > 0) engine.store.recordScores(nodeId, scores, evaluations);
  return { scores: out, refused };
}
