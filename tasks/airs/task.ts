/**
 * An AIRS task as a hyperagents `Task`: the agent gets the task's prompt and returns a solution
 * script; the evaluator runs that script in the solution runner and scores its submission on the
 * hidden test labels. The agent never sees the labels, and its own code never scores itself.
 */

import type { Limits } from "../../sandbox/types.js";
import type {
  EvaluateContext,
  Evaluation,
  InstanceResult,
  JsonValue,
  Task,
  TaskFigure,
  TaskInstance,
  TaskScaffolds,
} from "../task.js";
import type { AirsMetadata, AirsScore, AirsTask } from "./format.js";
import { type AirsTaskOptions, readAnswer, runAndScore } from "./run-and-score.js";
import { solutionTools } from "./tools.js";

export type { AirsAnswer, AirsTaskOptions } from "./run-and-score.js";

export const ANSWER_FORMAT = [
  "## What to return",
  "",
  'Return your solution script as JSON: `{"solution": "<the script\'s full TypeScript source>"}`.',
  "It runs once, in a fresh folder holding `./data`, under a time limit, and must write `./submission.csv`.",
].join("\n");

/** The task's figures: the mean normalised score (unclipped) and the valid-submission rate. */
export function airsFigures(metadata: AirsMetadata, results: readonly InstanceResult[]): TaskFigure[] {
  const rows = results.map((result) => (result.details ?? {}) as Partial<AirsScore>);
  if (rows.length === 0) return [];
  const valid = rows.filter((row) => row.valid === true);
  const mean = (values: number[]) =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const extra: Record<string, number> = { "valid-submission rate": valid.length / rows.length };
  if (valid.length > 0) extra[`mean ${metadata.metric}`] = mean(valid.map((row) => row.score ?? 0));
  return [
    {
      label: "normalised score",
      value: mean(rows.map((row) => row.normalizedScore ?? 0)),
      unit: `log-normalised: 0 = worst (${metadata.estimatedWorstScore}), 1 = SOTA (${metadata.sota[0]?.score})`,
      extra,
      headline: true,
    },
  ];
}

/** What the agent is given for one AIRS task: its prompt and the submission's shape. */
export function airsInput(airs: AirsTask): JsonValue {
  return {
    task: airs.id,
    prompt: `${airs.prompt}\n\n${ANSWER_FORMAT}`,
    metric: airs.metadata.metric,
    lowerIsBetter: airs.metadata.lowerIsBetter,
    scoringColumn: airs.metadata.scoringColumn,
    submissionShape: [...airs.metadata.shape],
  };
}

/** Asks the agent for a solution to `airs`, runs it on the real data and scores it on the hidden labels. */
export async function evaluateAirsAgent(
  airs: AirsTask,
  ctx: EvaluateContext,
  options: AirsTaskOptions,
): Promise<Evaluation> {
  const reply = await ctx.agent(airsInput(airs));
  if (!reply.ok) return { score: 0, error: reply.error };
  const answer = readAnswer(reply.value);
  if ("error" in answer) return { score: 0, error: answer.error };
  const result = await runAndScore(airs, answer, {
    ...options,
    seed: ctx.seed,
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  const details = {
    task: airs.id,
    metric: result.metric,
    score: result.score,
    valid: result.valid,
    normalizedScore: result.normalizedScore,
    wallMs: result.wallMs,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    outputTail: result.outputTail.slice(-2000),
    solution: answer.solution,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
  };
  // The archive's score lives in [0, 1]; the unclipped normalised score stays in details.
  return result.valid
    ? { score: Math.min(1, result.normalizedScore), details }
    : { score: 0, details, error: result.reason ?? "invalid submission" };
}

/** The programs an AIRS agent starts from (sdk/evolve/agents.ts), by `--scaffold` name. */
export const AIRS_SCAFFOLDS: TaskScaffolds = {
  model: "airs-greedy",
  offline: "airs-offline",
  "one-shot": "airs-one-shot",
  greedy: "airs-greedy",
};

/**
 * An AIRS agent runs solutions through its tool for minutes: 75 minutes per task (the greedy
 * scaffold starts no step after 60) and room for a long search, instead of the one-minute default.
 */
export const AIRS_AGENT_LIMITS: Partial<Limits> = { timeoutMs: 75 * 60_000, maxToolCalls: 200 };

/** Wraps a loaded AIRS task folder as a Task with one test instance (its dataset). */
export function airsTask(airs: AirsTask, options: AirsTaskOptions = {}): Task {
  const instance: TaskInstance = { id: airs.metadata.name, input: airsInput(airs) };
  return {
    id: airs.id,
    description: `${airs.prompt}\n\n${ANSWER_FORMAT}`,
    splits: ["test"],
    stageSize: 1,
    instances: async (split) => (split === "test" ? [instance] : []),
    tools: () => solutionTools(airs, options),
    figures: (results) => airsFigures(airs.metadata, results),
    evaluate: (_item, ctx) => evaluateAirsAgent(airs, ctx, options),
    scaffolds: AIRS_SCAFFOLDS,
    agentLimits: AIRS_AGENT_LIMITS,
  };
}
