/**
 * The work of `hyperagents worker`: start the worker, print its lines, and on SIGINT/SIGTERM let
 * the jobs in hand finish (BullMQ's graceful close) before returning. A second signal exits at
 * once; the jobs it held go back to the queue once their locks lapse.
 */
import { resolve } from "node:path";
import { redactedUrl } from "./redis-url.js";
import { startWorker } from "./worker.js";

export interface WorkerCommandOptions {
  redis: string;
  concurrency?: number;
  tasksModule?: string[];
}

export async function runWorkerCommand(
  options: WorkerCommandOptions,
  io: { stderr: (text: string) => void; cwd: string },
  signal?: AbortSignal,
): Promise<void> {
  const running = await startWorker({
    url: options.redis,
    concurrency: options.concurrency ?? 1,
    tasksModules: (options.tasksModule ?? []).map((path) => resolve(io.cwd, path)),
    onLog: (line) => io.stderr(`${line}\n`),
  });
  running.worker.on("completed", (job, result) => {
    const { data } = job;
    if (data.kind === "eval" && "score" in result)
      io.stderr(
        `done ${data.nodeId} ${data.taskId}/${data.split}/${data.instanceId}: ${result.score.toFixed(4)}\n`,
      );
    else io.stderr(`done ${data.nodeId} meta step\n`);
  });
  await new Promise<void>((done) => {
    const stop = () => {
      io.stderr(`stopping: finishing the jobs in hand (again to exit now)\n`);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    signal?.addEventListener("abort", () => {
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
      done();
    });
  });
  await running.close();
  io.stderr(`worker on ${redactedUrl(options.redis)} stopped\n`);
}
