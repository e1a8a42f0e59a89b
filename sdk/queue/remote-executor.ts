/**
 * The owner's side of the queue: an InstanceExecutor that turns each instance into a BullMQ job,
 * stores the program once by tree hash, and waits for results. Results come by QueueEvents; the
 * event stream is capped and lost with a Redis restart, so outstanding jobs are also re-checked
 * at start, after every reconnect and every `recheckMs`: a finished job is taken from Redis, a
 * lost one is added again from the owner's ledger (the jobs it is waiting for, kept in memory).
 * Each job settles once, so its model calls are recorded once.
 */
import { Queue, QueueEvents } from "bullmq";
import type { InstanceExecutor, RemoteEvaluation } from "../../evals/evaluate-instances.js";
import type { Limits } from "../../sandbox/types.js";
import { UserError } from "../errors.js";
import type { EvaluationRecord } from "../store/run-store.js";
import { openJobBook } from "./job-book.js";
import {
  type CallRow,
  type EvalJob,
  type EvalResult,
  evalJobId,
  JOB_FORMAT,
  type MetaJob,
  type MetaResult,
  metaJobId,
  QUEUE_NAME,
  type QueueJob,
  type QueueResult,
  treeHashOf,
} from "./jobs.js";
import { rawRedis, redactedUrl, redisConnection } from "./redis-url.js";
import { redisSpendCounter, type SharedBudget, spentKeyOf } from "./shared-budget.js";

export interface RemoteExecutorOptions {
  /** redis://HOST:PORT, rediss://… (TLS) or unix:///path. */
  url: string;
  /** The run's key (runKeyOf(config)): part of every job id. */
  runKey: string;
  /** Model spec behind the task agent's `ctx.llm` on the workers. */
  taskModel: string;
  /** Model spec behind the meta agent's `ctx.llm`, for meta jobs (`--remote-meta`). */
  metaModel?: string;
  /** The owner's ledger: where workers' model calls are recorded, and what the budget has left. */
  ledger: {
    record(nodeId: string, role: "task" | "meta", call: CallRow): void;
    budgetLeftUsd(): number | null;
  };
  /** The run's whole budget (null: none): shared by the workers through a spend counter in Redis. */
  budgetUsd?: number | null;
  /** Re-check outstanding jobs this often, besides after reconnects (default 10 s). */
  recheckMs?: number;
  /** BullMQ key prefix (default "bull"); tests and benchmarks keep theirs apart. */
  prefix?: string;
}

/** A meta step to run on a worker: the meta agent's program (entry file included) edits the parent's. */
export interface RemoteMetaRequest {
  nodeId: string;
  metaFiles: Record<string, string>;
  entry: string;
  export: string;
  parentFiles: Record<string, string>;
  data: unknown;
  seed: number;
  limits: Partial<Limits>;
}

export interface RemoteExecutor extends InstanceExecutor {
  /** Runs a meta step on a worker; its model calls are recorded (role "meta") before it returns. */
  runMeta(request: RemoteMetaRequest): Promise<MetaResult>;
  /** Jobs added and not yet settled. */
  outstanding(): number;
  close(): Promise<void>;
}

export async function connectRemoteExecutor(options: RemoteExecutorOptions): Promise<RemoteExecutor> {
  const connection = redisConnection(options.url);
  const prefix = options.prefix ?? "bull";
  const queue = new Queue<QueueJob, QueueResult>(QUEUE_NAME, { connection, prefix });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix });
  // Connection trouble is retried by ioredis; the re-check after a reconnect covers what it cost.
  queue.on("error", () => undefined);
  events.on("error", () => undefined);
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  } catch (error) {
    await Promise.allSettled([queue.close(), events.close()]);
    throw new UserError(`cannot reach Redis at ${redactedUrl(options.url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const client = await rawRedis(queue.client);

  const book = openJobBook(queue, events, client, options.recheckMs ?? 10_000);
  const runJob = book.run;
  const counter = redisSpendCounter(client);
  /** The budget jobs about to be added carry; the counter first raised to what the owner recorded. */
  const sharedBudget = async (): Promise<SharedBudget | undefined> => {
    const usd = options.budgetUsd ?? null;
    const left = options.ledger.budgetLeftUsd();
    if (usd === null || left === null) return undefined;
    const spentKey = spentKeyOf(options.runKey);
    await counter.raiseTo(spentKey, usd - left);
    return { usd, spentKey };
  };

  return {
    outstanding: () => book.size(),
    async evaluate(request) {
      const tree = treeHashOf(request.files);
      const programs = { [tree]: request.files };
      return evaluateRemotely(
        request,
        tree,
        options,
        await sharedBudget(),
        (job) => runJob(evalJobId(job), job, programs) as Promise<EvalResult>,
      );
    },
    async runMeta(request) {
      const job = metaJobOf(request, options, await sharedBudget());
      const { metaTree, worktreeTree } = job;
      const programs = { [metaTree]: request.metaFiles, [worktreeTree]: request.parentFiles };
      const result = (await runJob(metaJobId(job), job, programs)) as MetaResult;
      for (const call of result.calls) options.ledger.record(request.nodeId, "meta", call);
      return result;
    },
    async close() {
      book.close();
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}

async function evaluateRemotely(
  request: RemoteEvaluation,
  tree: string,
  options: RemoteExecutorOptions,
  budget: SharedBudget | undefined,
  runJob: (job: EvalJob) => Promise<EvalResult>,
): Promise<EvaluationRecord[]> {
  const { task, split, nodeId } = request;
  return Promise.all(
    request.instances.map(async (instance): Promise<EvaluationRecord> => {
      const job: EvalJob = {
        format: JOB_FORMAT,
        kind: "eval",
        runKey: options.runKey,
        nodeId,
        taskId: task.id,
        split,
        instanceId: instance.id,
        seed: request.seed,
        tree,
        taskModel: options.taskModel,
        limits: request.limits,
        budgetLeftUsd: options.ledger.budgetLeftUsd(),
        ...(budget ? { budget } : {}),
        ...(request.onSample ? { withSample: true as const } : {}),
      };
      const result = await runJob(job);
      // A worker of an older hyperagents sends no sample: the caller keeps what the calls say.
      if (result.sample) request.onSample?.(instance.id, result.sample);
      for (const call of result.calls) options.ledger.record(nodeId, "task", call);
      if (result.refused) request.onRefused?.();
      if (result.fatal !== null)
        request.onFatal?.(new UserError(`a model call on worker ${result.worker} failed: ${result.fatal}`));
      const { score, error, details, wallMs } = result;
      return { nodeId, taskId: task.id, split, instanceId: instance.id, score, error, details, wallMs };
    }),
  );
}

function metaJobOf(
  request: RemoteMetaRequest,
  options: RemoteExecutorOptions,
  budget: SharedBudget | undefined,
): MetaJob {
  return {
    format: JOB_FORMAT,
    kind: "meta",
    runKey: options.runKey,
    nodeId: request.nodeId,
    metaTree: treeHashOf(request.metaFiles),
    worktreeTree: treeHashOf(request.parentFiles),
    entry: request.entry,
    export: request.export,
    data: request.data,
    seed: request.seed,
    metaModel: options.metaModel ?? options.taskModel,
    limits: request.limits,
    budgetLeftUsd: options.ledger.budgetLeftUsd(),
    ...(budget ? { budget } : {}),
  };
}
