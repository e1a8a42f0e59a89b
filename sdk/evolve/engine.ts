/** The state one run shares between its generation loop and its children. */
import type { InstanceExecutor } from "../../evals/evaluate-instances.js";
import type { Sandbox } from "../../sandbox/types.js";
import type { Task } from "../../tasks/task.js";
import type { SelectionPolicy } from "../archive/selection.js";
import type { ChatModel, Limiter } from "../llm/index.js";
import type { ProgramStore } from "../program/index.js";
import type { RemoteExecutor } from "../queue/remote-executor.js";
import type { RunStore } from "../store/run-store.js";
import type { BaselinePreset } from "./baselines.js";
import type { EvaluationEnv } from "./evaluate.js";
import type { EvolveEvent } from "./events.js";
import { meteredModel } from "./metered-model.js";
import type { RunConfig } from "./run-config.js";

export interface Engine {
  config: RunConfig;
  runDir: string;
  tasks: Task[];
  store: RunStore;
  programs: ProgramStore;
  sandbox: Sandbox;
  limiter: Limiter;
  taskModel: ChatModel;
  metaModel: ChatModel;
  policy: SelectionPolicy;
  /** The run variant (DGM-H, or one of its baselines), resolved once from run.json. */
  baseline: BaselinePreset;
  emit: (event: EvolveEvent) => void;
  signal?: AbortSignal;
  /** The initial program's files: the frozen meta agent of the no-self-improve baselines. */
  initialFiles: Record<string, string>;
  /** With `workers`: evaluations run on workers over Redis (sdk/queue) instead of in this process. */
  executor?: InstanceExecutor;
  /** With `remoteMeta`: meta steps run on workers too; the owner still commits and gates. */
  remoteMeta?: Pick<RemoteExecutor, "runMeta">;
}

export const nodeIdOf = (generation: number, slot: number) => `g${generation}c${slot}`;

export function runBudgetSpent(engine: Engine): boolean {
  return engine.config.budgetUsd !== null && engine.store.totalCostUsd() >= engine.config.budgetUsd;
}

export function evaluationEnv(
  engine: Engine,
  nodeId: string,
  hooks: { onRefused?: () => void; onFatal?: (error: unknown) => void } = {},
): EvaluationEnv {
  return {
    sandbox: engine.sandbox,
    limiter: engine.limiter,
    taskModel: meteredModel(engine.taskModel, {
      store: engine.store,
      nodeId,
      role: "task",
      budgetUsd: engine.config.budgetUsd,
      ...hooks,
    }),
    limits: engine.config.limits.task,
    seed: engine.config.seed,
    ...(engine.signal ? { signal: engine.signal } : {}),
    ...(engine.executor ? { executor: engine.executor, outcome: hooks } : {}),
  };
}
