// A worker in its own process, as `hyperagents worker` runs it: tests and the benchmark start
// these and SIGKILL them. Arguments: REDIS_URL [CONCURRENCY] [TASKS_MODULE] [PREFIX].
import { startWorker } from "./worker.js";

const [url, concurrency, tasksModule, prefix] = process.argv.slice(2);
if (!url) throw new Error("usage: worker-process.ts REDIS_URL [CONCURRENCY] [TASKS_MODULE] [PREFIX]");
const running = await startWorker({
  url,
  concurrency: Number(concurrency ?? 1),
  ...(tasksModule ? { tasksModules: [tasksModule] } : {}),
  ...(prefix ? { prefix } : {}),
  // Short locks: a killed worker's job is back in the queue within a couple of seconds.
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
  onLog: (line) => process.stdout.write(`${line}\n`),
});
running.worker.on("active", (job) => process.stdout.write(`active ${job.id}\n`));
running.worker.on("completed", (job) => process.stdout.write(`completed ${job.id}\n`));
process.once("SIGTERM", () => {
  void running.close().then(() => process.exit(0));
});
