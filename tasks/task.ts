/**
 * The Task contract. A task owns its instances and its evaluator; the evaluator runs on the
 * host and calls the (sandboxed) agent through `ctx.agent`, so a candidate never sees labels,
 * hidden splits or scores it is not given.
 */
import type { Limits, TaskTool } from "../sandbox/types.js";
import type { ChatModel } from "../sdk/llm/types.js";

export type { TaskTool };

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
  /**
   * How `hyperagents eval --model` evaluates a model on this task when the task is more than one
   * program's `solve` per instance (Decrypto's match-ups). Without it, the shipped agent for the
   * model is run on each instance.
   */
  readonly evaluateModel?: ModelEvaluation;
  /**
   * Tools the task hands its agent for one instance (AIRS runs solution code, DéjàQ asks a
   * student): host functions the program calls as `await ctx.tools.NAME(args)`, JSON in and out,
   * counted against maxToolCalls and aborted through their signal when the agent's run ends.
   * Called once per instance evaluation; the tools are shared by that instance's agent calls.
   */
  tools?(instance: TaskInstance): Readonly<Record<string, TaskTool>>;
  /**
   * What this task's agent needs per instance beyond the defaults (AIRS: an hour of wall time for
   * running solutions, many tool calls). Flags and options the user gives still win.
   */
  readonly agentLimits?: Partial<Limits>;
  /**
   * Shipped programs this task's agents start from, by name (`--scaffold NAME`), each naming a
   * folder of `SHIPPED_AGENTS`. `model` is the default with a model, `offline` without one.
   */
  readonly scaffolds?: TaskScaffolds;
}

export interface TaskScaffolds {
  readonly model: string;
  readonly offline: string;
  readonly [name: string]: string;
}

/** One unit of a model evaluation, keyed in the eval log by (task, model, split, instance, seed). */
export interface ModelSample {
  split: string;
  instance: string;
  seed: number;
  /** What defines the sample (the instance's input, a game's seed): logged and shown by the viewer. */
  input: JsonValue;
  /** A baseline sample that does not involve the model: logged and summarised, left out of its mean. */
  reference?: boolean;
}

/** What a task's model evaluation was asked for: `--seeds`, `--limit` and its own options. */
export interface ModelSampleRequest {
  /** `null` for `offline`: the task plays whatever needs no model (or nothing). */
  model: ChatModel | null;
  /** `--seeds N`; undefined means the task's default. */
  seeds?: number;
  /** `--limit N`, as the task reads it (first N instances; Decrypto: N games per match-up). */
  limit?: number;
  options: { readonly [name: string]: JsonValue };
}

export interface ModelSampleContext {
  /** The model under evaluation (the offline model for `offline`), recording the sample's calls. */
  model: ChatModel;
  options: { readonly [name: string]: JsonValue };
  signal?: AbortSignal;
}

export interface ModelSampleResult {
  /** In [0, 1], higher is better for the model. */
  score: number;
  /** The model's answer, as the viewer shows it. */
  answer?: JsonValue;
  details?: { [key: string]: JsonValue };
  error?: string;
}

/** A finished sample as `summarise` reads it from the eval log. */
export interface ScoredModelSample extends ModelSample {
  score: number;
  error: string | null;
  details: { [key: string]: JsonValue } | null;
}

/** An option a task's model evaluation takes (a flag of the same name on `hyperagents eval`). */
export interface ModelEvaluationOption {
  name: string;
  description: string;
}

export interface ModelEvaluation {
  readonly options?: readonly ModelEvaluationOption[];
  samples(request: ModelSampleRequest): Promise<readonly ModelSample[]>;
  run(sample: ModelSample, ctx: ModelSampleContext): Promise<ModelSampleResult>;
  /**
   * The task's own metrics from the finished samples: figures for the terminal and the viewer,
   * and `details` (JSON) kept in results.json (Decrypto: per match-up turns, interceptions, ToM).
   */
  summarise?(
    samples: readonly ScoredModelSample[],
    request: ModelSampleRequest,
  ): { figures: TaskFigure[]; details?: { [key: string]: JsonValue } };
}
