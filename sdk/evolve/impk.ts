/**
 * imp@k (Hyperagents paper): hold a program's meta agent M fixed, start from the initial task
 * agent A, let M generate up to k task agents, and report test(A′) − test(A), where A′ is the
 * best of them by validation score. A meta agent that learned to improve transfers as a high imp@k.
 */
import type { SelectionPolicyName } from "../archive/selection.js";
import type { ChatModel } from "../llm/types.js";
import type { EvolveEvent } from "./events.js";
import { evolve } from "./evolve.js";

export interface ImpAtKOptions {
  /** The program whose meta agent is held fixed. */
  agentDir: string;
  tasks: string[];
  k: number;
  runDir: string;
  model?: string | ChatModel;
  metaModel?: string | ChatModel;
  parallel?: number;
  seed?: number;
  selection?: SelectionPolicyName;
  onEvent?: (event: EvolveEvent) => void;
  /** Where provider keys and base URLs are read from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface ImpAtKResult {
  k: number;
  runDir: string;
  bestNodeId: string | null;
  /** Per task: test(A′) − test(A). */
  improvement: Record<string, number>;
  /** Mean over tasks. */
  impAtK: number;
  initialTest: Record<string, number>;
  bestTest: Record<string, number>;
}

export async function improvementAtK(options: ImpAtKOptions): Promise<ImpAtKResult> {
  const summary = await evolve({
    runDir: options.runDir,
    tasks: options.tasks,
    agentDir: options.agentDir,
    // A: the shipped initial task agent; M: the given program's meta agent, never changed.
    resetTaskAgent: true,
    baseline: "no-self-improve",
    generations: options.k,
    children: 1,
    testInitial: true,
    ...(options.model ? { model: options.model } : {}),
    ...(options.metaModel ? { metaModel: options.metaModel } : {}),
    ...(options.parallel ? { parallel: options.parallel } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.selection ? { selection: options.selection } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const initialTest = summary.initialTestScores ?? {};
  const bestTest = summary.testScores;
  const improvement: Record<string, number> = {};
  for (const [task, score] of Object.entries(bestTest)) improvement[task] = score - (initialTest[task] ?? 0);
  const values = Object.values(improvement);
  return {
    k: options.k,
    runDir: summary.runDir,
    bestNodeId: summary.bestNodeId,
    improvement,
    impAtK: values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length,
    initialTest,
    bestTest,
  };
}
