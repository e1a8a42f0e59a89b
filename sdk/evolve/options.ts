/** The options of `evolve`, and how they become a run's persisted configuration. */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Task } from "../../tasks/task.js";
import {
  resolveSelectionPolicy,
  type SelectionPolicy,
  type SelectionPolicyName,
} from "../archive/selection.js";
import { UserError } from "../errors.js";
import type { ChatModel } from "../llm/types.js";
import { startingAgentDir } from "./agents.js";
import { resolveBaseline } from "./baselines.js";
import type { EvolveEvent } from "./events.js";
import { type BaselineName, RUN_CONFIG_VERSION, type RunConfig } from "./run-config.js";
import type { StopCondition, StopReason } from "./stop.js";

export interface EvolveOptions {
  /** The run directory: created for a new run, read back with `resume`. */
  runDir: string;
  /** Bundled task ids, or Task objects (custom tasks must be passed again on resume). */
  tasks?: (string | Task)[];
  /**
   * The program to start from. Default: the tasks' own scaffold (AIRS: airs-greedy with a model,
   * airs-offline without), else agents/offline for the offline model and agents/initial otherwise.
   */
  agentDir?: string;
  /** A scaffold the tasks ship (`--scaffold`, e.g. AIRS's "one-shot", "greedy", "offline") instead of agentDir. */
  scaffold?: string;
  /** Model spec (or model) behind the task agent's `ctx.llm`. Default "offline". */
  model?: string | ChatModel;
  /** Model spec (or model) behind the meta agent's `ctx.llm`. Default: the task model. */
  metaModel?: string | ChatModel;
  generations?: number;
  /** Children per generation (k). */
  children?: number;
  /** Sandbox runs (meta steps and evaluation instances) at once. */
  parallel?: number;
  selection?: SelectionPolicyName | SelectionPolicy;
  /** Instances in the first evaluation stage, for every task; default: each task's own (10 if none). */
  stageSize?: number;
  stageThreshold?: number;
  budgetUsd?: number;
  seed?: number;
  baseline?: BaselineName;
  /** Parents are picked by the program's own select_parent.ts, which meta agents may rewrite. */
  editableSelection?: boolean;
  /** Start from agentDir with its task agent replaced by the shipped one (transfer experiments). */
  resetTaskAgent?: boolean;
  /** Start from agentDir with its meta agent replaced by the shipped one (transfer experiments). */
  resetMetaAgent?: boolean;
  /**
   * Record every model response under `dir`, or replay a recorded run from it with no API call
   * (a request that was not recorded is an error that names it).
   */
  cache?: { dir: string; mode: "record" | "replay" };
  /**
   * Evaluate on workers over Redis (`hyperagents worker`) instead of in this process:
   * redis://HOST:PORT, rediss://… (TLS) or unix:///path. Not persisted: pass it again on resume.
   * Without it, `env.HYPERAGENTS_WORKERS` is used when set.
   */
  workers?: string | { url: string; recheckMs?: number; prefix?: string };
  /**
   * Meta steps run on the workers too (their files, logs, transcript and model calls come back;
   * this process commits and gates). Needs `workers`. Default: `env.HYPERAGENTS_REMOTE_META` is "1".
   */
  remoteMeta?: boolean;
  /** Where provider keys and base URLs are read from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Also evaluate the initial program on the test split at the end (imp@k needs it). */
  testInitial?: boolean;
  limits?: { meta?: Partial<RunConfig["limits"]["meta"]>; task?: Partial<RunConfig["limits"]["task"]> };
  /** Continue the run in runDir; its run.json decides the configuration. */
  resume?: boolean;
  onEvent?: (event: EvolveEvent) => void;
  /** Called after each generation is recorded (reports hook in here). */
  onGenerationEnd?: (runDir: string, generation: number) => void | Promise<void>;
  signal?: AbortSignal;
  /**
   * More reasons to stop, checked before each generation after the run's own (the signal, the
   * budget, the generations): e.g. `[scoreReached(0.99)]`. Not persisted: pass them again on resume.
   */
  stopWhen?: readonly StopCondition[];
}

export interface RunSummary {
  runDir: string;
  reason: StopReason;
  /** Which of `stopWhen`'s conditions ended the run (reason "condition"). */
  stopMessage?: string;
  generations: number;
  archiveSize: number;
  validCount: number;
  bestNodeId: string | null;
  bestScore: number | null;
  /** Test-split scores of the best node by selection score. */
  testScores: Record<string, number>;
  /** Test-split scores of the initial program, when `testInitial` was set (imp@k). */
  initialTestScores?: Record<string, number>;
  /** Why the test split was not scored (a stop, a spent budget); absent when it was. */
  testNotRun?: string;
  costUsd: number;
  wallMs: number;
}

export const DEFAULT_LIMITS: RunConfig["limits"] = {
  meta: { timeoutMs: 10 * 60_000, memoryMb: 256, maxToolCalls: 200 },
  task: { timeoutMs: 60_000, memoryMb: 256, maxToolCalls: 50 },
};

function positiveInteger(name: string, value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new UserError(`${name} must be a positive integer, got ${value}: fix ${flag}`);
  return value;
}

function specOf(model: string | ChatModel | undefined, fallback: string): string {
  if (model === undefined) return fallback;
  return typeof model === "string" ? model : model.id;
}

/** What the tasks' agents need beyond the defaults: the largest of each limit any task asks for. */
export function tasksAgentLimits(
  tasks: readonly Pick<Task, "agentLimits">[],
): Partial<RunConfig["limits"]["task"]> {
  const out: Partial<RunConfig["limits"]["task"]> = {};
  for (const task of tasks) {
    for (const key of ["timeoutMs", "memoryMb", "maxToolCalls"] as const) {
      const value = task.agentLimits?.[key];
      if (value !== undefined) out[key] = Math.max(out[key] ?? 0, value);
    }
  }
  return out;
}

/** Builds the run.json of a new run from the options, validating them. */
export function configFromOptions(options: EvolveOptions, tasks: readonly Task[]): RunConfig {
  const taskModel = specOf(options.model, "offline");
  const metaModel = specOf(options.metaModel, taskModel);
  const selection = typeof options.selection === "string" ? options.selection : "dgm-h";
  if (typeof options.selection === "string") resolveSelectionPolicy(options.selection);
  const stageThreshold = options.stageThreshold ?? 0;
  if (!Number.isFinite(stageThreshold)) throw new UserError("stageThreshold must be a number in [0, 1]");
  if (options.budgetUsd !== undefined && !(options.budgetUsd > 0)) {
    throw new UserError(
      `budget must be a positive number of dollars, got ${options.budgetUsd}: fix --budget-usd`,
    );
  }
  if (options.scaffold !== undefined && options.agentDir !== undefined) {
    throw new UserError("give either a scaffold (--scaffold NAME) or a program (--agent DIR), not both");
  }
  return {
    schemaVersion: RUN_CONFIG_VERSION,
    tasks: tasks.map((task) => task.id),
    agentDir: resolve(options.agentDir ?? startingAgentDir(metaModel, tasks, options.scaffold)),
    taskModel,
    metaModel,
    generations: positiveInteger("generations", options.generations ?? 10, "--generations"),
    childrenPerGeneration: positiveInteger("children", options.children ?? 2, "--children"),
    parallel: positiveInteger(
      "parallel",
      options.parallel ?? Math.max(1, availableParallelism()),
      "--parallel",
    ),
    selection,
    // Given, it is honoured for every task; not given, each task's own applies.
    stageSize:
      options.stageSize === undefined
        ? null
        : positiveInteger("stageSize", options.stageSize, "--stage-size"),
    stageThreshold,
    budgetUsd: options.budgetUsd ?? null,
    seed: options.seed ?? 0,
    baseline: resolveBaseline(options.baseline ?? "none").name,
    editableSelection: options.editableSelection ?? false,
    limits: {
      meta: { ...DEFAULT_LIMITS.meta, ...options.limits?.meta },
      task: { ...DEFAULT_LIMITS.task, ...tasksAgentLimits(tasks), ...options.limits?.task },
    },
    createdAt: new Date().toISOString(),
  };
}
