/**
 * `hyperagents worker`: pulls evaluation jobs from Redis and runs each in a BullMQ sandboxed
 * processor (a child process per slot, `processor.ts`). A worker that dies mid-job stops
 * renewing the job's lock; BullMQ moves the job back to the queue after `stalledIntervalMs`,
 * and another worker runs it.
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "bullmq";
import { UserError } from "../errors.js";
import type { QueueJob, QueueResult } from "./jobs.js";
import { QUEUE_NAME } from "./jobs.js";
import { PROCESSOR_ENV } from "./processor.js";
import { redactedUrl, redisConnection } from "./redis-url.js";

export interface WorkerOptions {
  url: string;
  /** Jobs at once (one child process each); default 1. */
  concurrency?: number;
  /** Modules exporting `tasks: Task[]`, for tasks that are not bundled. */
  tasksModules?: readonly string[];
  prefix?: string;
  /** How long a job's lock lasts without renewal (default 30 s); tests use short ones. */
  lockDurationMs?: number;
  /** How often stalled jobs (their worker died) are looked for (default 30 s). */
  stalledIntervalMs?: number;
  onLog?: (line: string) => void;
}

export interface RunningWorker {
  worker: Worker<QueueJob, QueueResult>;
  close(): Promise<void>;
}

/** The processor file and the Node flags its child processes need (tsx for the sources). */
function processorFile(): { file: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith(".ts");
  const file = fileURLToPath(new URL(fromSources ? "./processor.ts" : "./processor.js", import.meta.url));
  // isolated-vm needs --no-node-snapshot on Node 20+, in every process that loads it.
  const execArgv = [...process.execArgv.filter((arg) => arg !== "--no-node-snapshot"), "--no-node-snapshot"];
  if (fromSources && !execArgv.some((arg) => arg.includes("tsx")))
    execArgv.push("--import", import.meta.resolve("tsx"));
  return { file, execArgv };
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UserError(`--concurrency must be a positive integer, got ${concurrency}`);
  const { file, execArgv } = processorFile();
  const tasks = (options.tasksModules ?? []).map(
    (path) => pathToFileURL(isAbsolute(path) ? path : resolve(path)).href,
  );
  const env = {
    ...process.env,
    [PROCESSOR_ENV.url]: options.url,
    [PROCESSOR_ENV.prefix]: options.prefix ?? "bull",
    [PROCESSOR_ENV.tasks]: tasks.join(","),
  };
  const worker = new Worker<QueueJob, QueueResult>(QUEUE_NAME, file, {
    connection: redisConnection(options.url),
    prefix: options.prefix ?? "bull",
    concurrency,
    autorun: false,
    useWorkerThreads: false,
    workerForkOptions: { execArgv, env },
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    maxStalledCount: 3,
  });
  const log = options.onLog ?? (() => undefined);
  worker.on("error", (error) => log(`redis: ${error.message}`));
  worker.on("failed", (job, error) => log(`job ${job?.id ?? "?"} failed: ${error.message}`));
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await worker.close(true).catch(() => undefined);
    throw new UserError(`cannot reach Redis at ${redactedUrl(options.url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  void worker.run().catch((error: Error) => log(`worker stopped: ${error.message}`));
  log(`worker ready on ${redactedUrl(options.url)} (${concurrency} at once)`);
  return { worker, close: () => worker.close() };
}
