/**
 * The Task contract. A task owns its instances and its evaluator; the evaluator runs on the
 * host and calls the (sandboxed) agent through `ctx.agent`, so a candidate never sees labels,
 * hidden splits or scores it is not given.
 */
import type { ChatModel } from "../sdk/llm/types.js";

export type Split = "train" | "val" | "test";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface TaskInstance {
  /** Unique within the task and split. */
  id: string;
  /** What the agent is given (JSON). Anything hidden (answers, labels) lives elsewhere on the instance. */
  input: JsonValue;
  /** Host-only data for the evaluator (the answer, a seed, ...). Never passed to the agent. */
  hidden?: JsonValue;
}

/** What one call of the agent returned: its value, or why it failed. */
export type AgentReply = { ok: true; value: unknown } | { ok: false; error: string };

/** Calls the candidate's task agent (`solve(input, ctx)`) once. Interactive tasks call it once per turn. */
export type AgentFn = (input: JsonValue) => Promise<AgentReply>;

export interface EvaluateContext {
  agent: AgentFn;
  /** Deterministic seed for this instance's evaluation. */
  seed: number;
  signal?: AbortSignal;
  /** A model the task may use for its own opponents or judges (never the candidate's). */
  model?: ChatModel;
}

export interface Evaluation {
  /** In [0, 1], higher is better. A failed or invalid answer scores 0. */
  score: number;
  details?: { [key: string]: JsonValue };
  /** Why the instance scored 0, when it did because of a failure. */
  error?: string;
}

export interface Task {
  readonly id: string;
  /** What the agent must do, its input and output formats: shown to agents and in `hyperagents tasks`. */
  readonly description: string;
  /** Splits this task has, e.g. ["train", "test"]. */
  readonly splits: readonly Split[];
  instances(split: Split): Promise<readonly TaskInstance[]>;
  evaluate(instance: TaskInstance, ctx: EvaluateContext): Promise<Evaluation>;
  /** Staged evaluation: how many instances the first stage samples (default 10). */
  readonly stageSize?: number;
}
