import type { Command } from "commander";
import { bundledTasks } from "../../../tasks/index.js";
import type { CliIo } from "../io.js";

export function registerTasks(program: Command, io: CliIo): void {
  program
    .command("tasks")
    .description("list the bundled tasks and their splits")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const rows = await Promise.all(
        bundledTasks.map(async (entry) => {
          try {
            const task = await entry.load();
            const splits = await Promise.all(
              task.splits.map(async (split) => `${split} ${(await task.instances(split)).length}`),
            );
            return { id: entry.id, summary: entry.summary, splits: splits.join(", "), error: null };
          } catch (error) {
            return { id: entry.id, summary: entry.summary, splits: "", error: (error as Error).message };
          }
        }),
      );
      if (options.json) {
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const width = Math.max(...rows.map((row) => row.id.length));
      for (const row of rows) {
        io.stdout(
          `${row.id.padEnd(width)}  ${row.summary}\n${" ".repeat(width)}  splits: ${row.error ? `unavailable (${row.error})` : row.splits}\n`,
        );
      }
    });
}
