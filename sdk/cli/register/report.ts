import type { Command } from "commander";
import type { CliIo } from "../io.js";

export function registerReport(program: Command, io: CliIo): void {
  program
    .command("report")
    .description("write a run's report.html and summary.md, and print the path of report.html")
    .argument("<run-dir>", "the run directory")
    .option("--compare <dirs...>", "other runs to overlay (baselines, other seeds)")
    .action(async (runDir: string, options: { compare?: string[] }) => {
      await (await import("../commands/report.js")).report(runDir, options, io);
    });
}
