import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { readRunConfig } from "../../evolve/run-config.js";
import { writeReport } from "../../report/index.js";
import type { CliIo } from "../io.js";

export function registerReport(program: Command, io: CliIo): void {
  program
    .command("report")
    .description("write a run's report.html and summary.md, and print the path of report.html")
    .argument("<run-dir>", "the run directory")
    .option("--compare <dirs...>", "other runs to overlay (baselines, other seeds)")
    .action(async (runDirArg: string, options: { compare?: string[] }) => {
      const runDir = resolve(io.cwd, runDirArg);
      readRunConfig(runDir);
      const compare = (options.compare ?? []).map((dir) => resolve(io.cwd, dir));
      for (const dir of compare) readRunConfig(dir);
      const written = await writeReport(runDir, { compare });
      io.stdout(`${relative(io.cwd, written.html) || written.html}\n`);
      io.stderr(`summary: ${relative(io.cwd, written.markdown)}\n`);
    });
}
