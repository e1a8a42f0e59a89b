/**
 * BullMQ's sandboxed processor: each worker slot is a child process that runs this file, so a
 * busy evaluator (a solution training for minutes) can never stop the parent from renewing the
 * job's lock. Configuration comes in the environment the parent forks it with.
 */
import type { SandboxedJob } from "bullmq";
import { Queue } from "bullmq";
import { createSandbox } from "../../sandbox/index.js";
import type { Task } from "../../tasks/task.js";
import { type JobHost, runEvalJob } from "./eval-job.js";
import { programKey, QUEUE_NAME, type QueueJob, type QueueResult } from "./jobs.js";
import { runMetaJob } from "./meta-job.js";
import { rawRedis, redisConnection } from "./redis-url.js";
import { redisSpendCounter } from "./shared-budget.js";

export const PROCESSOR_ENV = {
  url: "HYPERAGENTS_WORKER_REDIS",
  prefix: "HYPERAGENTS_WORKER_PREFIX",
  tasks: "HYPERAGENTS_WORKER_TASKS",
} as const;

let host: Promise<JobHost> | undefined;

// A worker killed outright (SIGKILL, OOM) cannot stop its slots: each would live on, holding its
// Redis connection, with nobody to give it a job. The IPC channel to the worker closes with it.
process.once("disconnect", () => process.exit(0));

/** A module given with --tasks-module exports `tasks: Task[]` (or a default array). */
async function customTasks(modules: string): Promise<Task[]> {
  const out: Task[] = [];
  for (const path of modules.split(",").filter(Boolean)) {
    const loaded = (await import(path)) as { tasks?: Task[]; default?: Task[] };
    out.push(...(loaded.tasks ?? loaded.default ?? []));
  }
  return out;
}

async function makeHost(): Promise<JobHost> {
  const url = process.env[PROCESSOR_ENV.url];
  if (!url) throw new Error(`${PROCESSOR_ENV.url} is not set: start workers with \`hyperagents worker\``);
  const queue = new Queue(QUEUE_NAME, {
    connection: redisConnection(url),
    prefix: process.env[PROCESSOR_ENV.prefix] ?? "bull",
  });
  queue.on("error", () => undefined);
  const client = await rawRedis(queue.client);
  const programs = new Map<string, Record<string, string>>();
  return {
    sandbox: createSandbox(),
    customTasks: await customTasks(process.env[PROCESSOR_ENV.tasks] ?? ""),
    env: process.env,
    spend: redisSpendCounter(client),
    async program(tree) {
      const cached = programs.get(tree);
      if (cached) return cached;
      const text = await client.get(programKey(tree));
      if (text === null) return undefined;
      const files = JSON.parse(text) as Record<string, string>;
      // A handful of programs are live at once (the children of a generation): keep the last 32.
      if (programs.size >= 32) programs.delete(programs.keys().next().value as string);
      programs.set(tree, files);
      return files;
    },
  };
}

export default async function process_(job: SandboxedJob<QueueJob, QueueResult>): Promise<QueueResult> {
  host ??= makeHost();
  return job.data.kind === "meta" ? runMetaJob(job.data, await host) : runEvalJob(job.data, await host);
}
