import type { Command } from "commander";
import type { CliIo } from "../io.js";

export function registerExport(program: Command, io: CliIo): void {
  program
    .command("export")
    .description("write one node's program as a folder (to evaluate it, or start another run from it)")
    .argument("<run-dir>", "the run directory")
    .argument(
      "<node>",
      "a node id, `best` (highest selection score) or `growth` (highest growth score: the best to transfer)",
    )
    .requiredOption("--out <dir>", "the folder to write (must not exist, or be empty)")
    .action(async (runDir: string, node: string, options: { out: string }) => {
      await (await import("../commands/export.js")).exportNode(runDir, node, options, io);
    });
}
