import type { Command } from "commander";
import type { CliIo } from "../io.js";

export function registerTasks(program: Command, io: CliIo): void {
  program
    .command("tasks")
    .description("list the bundled tasks and their splits")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      (await import("../commands/tasks.js")).listTasks(options, io);
    });
}
