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

/** One instance's stored result, as a task's `figures` reads it (details as the evaluator returned them). */
export interface InstanceResult {
  instanceId: string;
  score: number;
  details: unknown;
}

/**
 * A figure a task reports beside its mean score, e.g. circle packing's ratio and sum of radii
 * for one n. Reports and summaries show them under the task; a `headline` one first.
 */
export interface TaskFigure {
  /** Short name, e.g. "n = 26". */
  label: string;
  /** The main value, e.g. the ratio to the reference (may exceed 1 for a record). */
  value: number;
  /** What `value` is, e.g. "ratio to 2.6359830849". */
  unit?: string;
  /** Numbers shown beside it, e.g. { "sum of radii": 2.6298 }. */
  extra?: { [name: string]: number };
  /** The figure peers quote for this task (at most one). */
  headline?: boolean;
  /** A flag worth a word, e.g. "record: above the reference". */
  note?: string;
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
  /** Figures beyond the mean, from one split's per-instance results (reports and summaries). */
  figures?(results: readonly InstanceResult[]): TaskFigure[];
}
