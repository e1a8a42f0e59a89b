import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { integer } from "../parse.js";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command("worker")
    .description(
      "run evaluation jobs for `evolve --workers URL` from Redis, each in its own child process (see docs/distributed.md)",
    )
    .requiredOption("--redis <url>", "redis://[:PASSWORD@]HOST:PORT, rediss://… (TLS) or unix:///path")
    .option("--concurrency <n>", "jobs at once, one child process each", integer("--concurrency"), 1)
    .option(
      "--tasks-module <file>",
      "a module exporting `tasks: Task[]`: tasks that are not bundled (repeatable)",
      collect,
    )
    .action(async (options: { redis: string; concurrency: number; tasksModule?: string[] }) => {
      await (await import("../../queue/worker-command.js")).runWorkerCommand(options, io);
    });
}
