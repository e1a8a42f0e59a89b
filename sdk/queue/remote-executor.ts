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
import { SystemError, UserError } from "../errors.js";
import type { EvaluationRecord } from "../store/run-store.js";
import {
  type CallRow,
  type EvalJob,
  type EvalResult,
  evalJobId,
  JOB_FORMAT,
  KEEP_RESULTS_S,
  type MetaJob,
  type MetaResult,
  metaJobId,
  programKey,
  QUEUE_NAME,
  type QueueJob,
  type QueueResult,
  treeHashOf,
} from "./jobs.js";
import { rawRedis, redactedUrl, redisConnection } from "./redis-url.js";

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

interface Outstanding {
  job: QueueJob;
  /** The programs the job reads, by tree hash (added again with the job if Redis lost them). */
  programs: Record<string, Record<string, string>>;
  waiters: { resolve: (result: QueueResult) => void; reject: (error: Error) => void }[];
}

export async function connectRemoteExecutor(options: RemoteExecutorOptions): Promise<RemoteExecutor> {
  const connection = redisConnection(options.url);
  const prefix = options.prefix ?? "bull";
  const queue = new Queue<QueueJob, QueueResult>(QUEUE_NAME, { connection, prefix });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix });
  const outstanding = new Map<string, Outstanding>();
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

  const settle = (id: string, outcome: QueueResult | Error) => {
    const entry = outstanding.get(id);
    if (!entry) return;
    outstanding.delete(id);
    for (const waiter of entry.waiters)
      outcome instanceof Error ? waiter.reject(outcome) : waiter.resolve(outcome);
  };
  const failed = (id: string, reason: string) =>
    settle(id, new UserError(`a worker could not run evaluation job ${id}: ${reason}`));
  const completed = (id: string, value: unknown) => {
    const result = (typeof value === "string" ? JSON.parse(value) : value) as QueueResult | null;
    if (result?.format !== JOB_FORMAT)
      failed(id, `its result is not in job format ${JOB_FORMAT}: update hyperagents on the workers`);
    else settle(id, result);
  };
  events.on("completed", ({ jobId, returnvalue }) => completed(jobId, returnvalue));
  events.on("failed", ({ jobId, failedReason }) => failed(jobId, failedReason));

  const storeProgram = (tree: string, files: Record<string, string>) =>
    client.set(programKey(tree), JSON.stringify(files), "EX", KEEP_RESULTS_S, "NX");
  const addJob = async (id: string, entry: Outstanding) => {
    for (const [tree, files] of Object.entries(entry.programs)) await storeProgram(tree, files);
    await queue.add(entry.job.kind, entry.job, {
      jobId: id,
      attempts: 1,
      removeOnComplete: { age: KEEP_RESULTS_S },
      removeOnFail: { age: KEEP_RESULTS_S },
    });
  };
  /** Where a job stands in Redis; settles it if it is done, adds it again if Redis lost it. */
  const recheck = async (id: string, fresh = false) => {
    const entry = outstanding.get(id);
    if (!entry) return;
    const state = await queue.getJobState(id);
    if (state === "unknown") return addJob(id, entry);
    if (state === "completed") return completed(id, (await queue.getJob(id))?.returnvalue);
    if (state !== "failed") return;
    const job = await queue.getJob(id);
    // A failure left by an earlier session (a worker then lacked the task) is tried again once.
    if (fresh && job) {
      await job.remove();
      return addJob(id, entry);
    }
    failed(id, job?.failedReason ?? "failed");
  };
  const recheckAll = async () => {
    for (const id of [...outstanding.keys()]) await recheck(id).catch(() => undefined);
  };
  client.on("ready", () => void recheckAll());
  const timer = setInterval(() => void recheckAll(), options.recheckMs ?? 10_000);
  timer.unref();

  const runJob = (id: string, job: QueueJob, programs: Outstanding["programs"]): Promise<QueueResult> => {
    return new Promise((resolve, reject) => {
      const entry = outstanding.get(id);
      if (entry) return void entry.waiters.push({ resolve, reject });
      outstanding.set(id, { job, programs, waiters: [{ resolve, reject }] });
      // Redis away: the periodic re-check adds it once Redis is back.
      recheck(id, true).catch(() => undefined);
    });
  };

  return {
    outstanding: () => outstanding.size,
    async evaluate(request) {
      const tree = treeHashOf(request.files);
      const programs = { [tree]: request.files };
      return evaluateRemotely(
        request,
        tree,
        options,
        (job) => runJob(evalJobId(job), job, programs) as Promise<EvalResult>,
      );
    },
    async runMeta(request) {
      const metaTree = treeHashOf(request.metaFiles);
      const worktreeTree = treeHashOf(request.parentFiles);
      const job: MetaJob = {
        format: JOB_FORMAT,
        kind: "meta",
        runKey: options.runKey,
        nodeId: request.nodeId,
        metaTree,
        worktreeTree,
        entry: request.entry,
        export: request.export,
        data: request.data,
        seed: request.seed,
        metaModel: options.metaModel ?? options.taskModel,
        limits: request.limits,
        budgetLeftUsd: options.ledger.budgetLeftUsd(),
      };
      const programs = { [metaTree]: request.metaFiles, [worktreeTree]: request.parentFiles };
      const result = (await runJob(metaJobId(job), job, programs)) as MetaResult;
      for (const call of result.calls) options.ledger.record(request.nodeId, "meta", call);
      return result;
    },
    async close() {
      clearInterval(timer);
      for (const id of [...outstanding.keys()])
        settle(id, new SystemError("the queue connection was closed"));
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}

async function evaluateRemotely(
  request: RemoteEvaluation,
  tree: string,
  options: RemoteExecutorOptions,
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
      };
      const result = await runJob(job);
      for (const call of result.calls) options.ledger.record(nodeId, "task", call);
      if (result.refused) request.onRefused?.();
      if (result.fatal !== null)
        request.onFatal?.(new UserError(`a model call on worker ${result.worker} failed: ${result.fatal}`));
      const { score, error, details, wallMs } = result;
      return { nodeId, taskId: task.id, split, instanceId: instance.id, score, error, details, wallMs };
    }),
  );
}
