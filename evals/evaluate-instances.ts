/**
 * Evaluating a program on task instances, shared by the engine (staged evaluation) and by
 * `evals/` (evaluating a program or a model outside a run): the task's evaluator runs on the
 * host and calls the program's task agent in a fresh sandbox context per call. A candidate's
 * failure scores 0 for that instance; it never fails the evaluation as a whole.
 */
import type { Limits, Sandbox, TaskTool } from "../sandbox/types.js";
import { deriveSeed } from "../sdk/internal/random.js";
import type { Limiter } from "../sdk/llm/index.js";
import type { ChatModel } from "../sdk/llm/types.js";
import type { EvaluationRecord } from "../sdk/store/run-store.js";
import type { AgentFn, AgentReply, JsonValue, Split, Task, TaskInstance } from "../tasks/task.js";
import type { TranscriptEntry } from "./log.js";

export interface EvaluationEnv {
  sandbox: Sandbox;
  limiter: Limiter;
  /** The model the task agent's `ctx.llm` forwards to (metered by the caller). */
  taskModel: ChatModel;
  /** A model the task itself may use for opponents or judges. */
  taskSideModel?: ChatModel;
  limits: Limits;
  seed: number;
  signal?: AbortSignal;
  /** Runs the instances elsewhere (workers over a queue, `sdk/queue`) instead of in this process. */
  executor?: InstanceExecutor;
  /** With an executor: who to tell of a refused or run-stopping model call on a worker. */
  outcome?: { onRefused?: () => void; onFatal?: (error: unknown) => void };
  /** Told of every reply of the program's task agent, by instance (an eval log keeps the last). */
  onReply?: (instanceId: string, reply: AgentReply) => void;
}

/** What an eval log's sample keeps beyond the score, as a worker sends it back. */
export interface WorkerSample {
  answer: JsonValue;
  transcript: TranscriptEntry[];
}

/** What a remote executor is asked: the same arguments as evaluateInstances, with who to tell of model trouble. */
export interface RemoteEvaluation {
  files: Record<string, string>;
  task: Task;
  split: Split;
  instances: readonly TaskInstance[];
  nodeId: string;
  seed: number;
  limits: Limits;
  signal?: AbortSignal;
  /** Told when a worker's model call was refused by the budget, or failed in a way that stops the run. */
  onRefused?: () => void;
  onFatal?: (error: unknown) => void;
  /** Also bring back each instance's answer and model-call texts (an eval log's samples). */
  onSample?: (instanceId: string, sample: WorkerSample) => void;
}

/**
 * Evaluates instances somewhere else and returns their records in the order given, as
 * evaluateInstances does; a candidate's failure is a record (score 0), never a rejection.
 */
export interface InstanceExecutor {
  evaluate(request: RemoteEvaluation): Promise<EvaluationRecord[]>;
}

/** Times a starved agent call is run again before its failure stands. */
export const STARVED_RETRIES = 2;

/** Runs `solve(input, ctx)` of the program in the sandbox as the task's agent, with the instance's task tools. */
export function programAgent(
  files: Record<string, string>,
  task: Task,
  env: EvaluationEnv,
  instanceSeed: number,
  tools?: Readonly<Record<string, TaskTool>>,
): AgentFn {
  let call = 0;
  return async (input: JsonValue) => {
    const seed = deriveSeed(instanceSeed, "call", call++);
    const run = () =>
      env.sandbox.run({
        files,
        entry: "task_agent.ts",
        export: "solve",
        input,
        capabilities: {
          llm: env.taskModel,
          data: { task: { id: task.id, description: task.description } },
          ...(tools === undefined ? {} : { tools }),
        },
        limits: env.limits,
        seed,
      });
    let result = await run();
    // A starved run (the machine gave it no CPU) says nothing about the program: run it again,
    // with the same seed, before its answer counts.
    for (let retry = 0; !result.ok && result.kind === "starved" && retry < STARVED_RETRIES; retry++)
      result = await run();
    if (result.ok) return { ok: true, value: result.value };
    return { ok: false, error: `${result.kind}: ${result.message}` };
  };
}

export async function evaluateInstances(
  files: Record<string, string>,
  task: Task,
  split: Split,
  instances: readonly TaskInstance[],
  nodeId: string,
  env: EvaluationEnv,
): Promise<EvaluationRecord[]> {
  if (env.executor) {
    const { seed, limits, signal } = env;
    return env.executor.evaluate({
      files,
      task,
      split,
      instances,
      nodeId,
      seed,
      limits,
      ...(signal ? { signal } : {}),
      ...env.outcome,
    });
  }
  return Promise.all(
    instances.map((instance) =>
      env.limiter.run(async () => {
        const started = performance.now();
        const seed = deriveSeed(env.seed, task.id, split, instance.id);
        try {
          const tools = task.tools?.(instance);
          const agent = programAgent(files, task, env, seed, tools);
          const { onReply } = env;
          const evaluation = await task.evaluate(instance, {
            agent: onReply
              ? async (input) => {
                  const reply = await agent(input);
                  onReply(instance.id, reply);
                  return reply;
                }
              : agent,
            seed,
            ...(env.signal ? { signal: env.signal } : {}),
            ...(env.taskSideModel ? { model: env.taskSideModel } : {}),
          });
          const score = Number.isFinite(evaluation.score) ? Math.min(1, Math.max(0, evaluation.score)) : 0;
          return {
            nodeId,
            taskId: task.id,
            split,
            instanceId: instance.id,
            score,
            error: evaluation.error ?? null,
            details: evaluation.details,
            wallMs: performance.now() - started,
          };
        } catch (error) {
          // The evaluator itself failed: record it against the instance, score 0.
          return {
            nodeId,
            taskId: task.id,
            split,
            instanceId: instance.id,
            score: 0,
            error: `evaluator failed: ${error instanceof Error ? error.message : String(error)}`,
            details: undefined,
            wallMs: performance.now() - started,
          };
        }
      }),
    ),
  );
}
