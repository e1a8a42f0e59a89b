import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../errors.js";
import { readRunConfig } from "../../evolve/run-config.js";
import { openProgramStore } from "../../program/index.js";
import type { CliIo } from "../io.js";

export function registerExport(program: Command, io: CliIo): void {
  program
    .command("export")
    .description("write one node's program as a folder (to evaluate it, or start another run from it)")
    .argument("<run-dir>", "the run directory")
    .argument("<node>", "the node id (see the report, or summary.json's bestNodeId)")
    .requiredOption("--out <dir>", "the folder to write (must not exist, or be empty)")
    .action(async (runDirArg: string, node: string, options: { out: string }) => {
      const runDir = resolve(io.cwd, runDirArg);
      readRunConfig(runDir);
      const programs = await openProgramStore({
        gitDir: join(runDir, "program.git"),
        worktreesDir: join(runDir, "worktrees"),
      });
      if (!(await programs.has(node))) {
        const nodes = await programs.listNodes();
        throw new UserError(
          `no node "${node}" in ${runDirArg}: known nodes include ${nodes.slice(0, 8).join(", ")}`,
        );
      }
      const out = resolve(io.cwd, options.out);
      await programs.export(node, out);
      io.stderr(
        `wrote ${node} to ${relative(io.cwd, out) || "."}\n` +
          `  npx hyperagents eval --task TASK --agent ${relative(io.cwd, out)}\n` +
          `  npx hyperagents impk --agent ${relative(io.cwd, out)} --task TASK -k 50\n`,
      );
    });
}
