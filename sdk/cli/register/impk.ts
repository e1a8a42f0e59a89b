import type { Command } from "commander";
import type { ImpkCliOptions } from "../commands/impk.js";
import type { CliIo } from "../io.js";
import { integer, list } from "../parse.js";

export function registerImpk(program: Command, io: CliIo): void {
  program
    .command("impk")
    .description("imp@k: hold a program's meta agent fixed, run k iterations from the initial task agent")
    .requiredOption(
      "--agent <dir>",
      "the program whose meta agent is measured (e.g. from `hyperagents export`)",
    )
    .requiredOption("--task <ids>", "task id(s), comma-separated", list)
    .option("-k, --k <k>", "iterations", integer("-k"), 50)
    .option("--model <spec>", "task model (default: offline without a key)")
    .option("--meta-model <spec>", "meta model (default: the task model)")
    .option("--parallel <p>", "sandbox runs at once", integer("--parallel"))
    .option("--seed <s>", "seed", integer("--seed", 0), 0)
    .option(
      "--seeds <n>",
      "repeat on seeds S..S+n-1 and report the median with a 95% bootstrap interval",
      integer("--seeds"),
    )
    .option("--out <dir>", "run directory (default: runs/impk-TASK-TIMESTAMP)")
    .option("--json", "print the result as JSON")
    .action(async (options: ImpkCliOptions) => {
      await (await import("../commands/impk.js")).impk(options, io);
    });
}
