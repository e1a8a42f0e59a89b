import type { Command } from "commander";
import type { DejaqRunOptions } from "../commands/dejaq.js";
import type { CliIo } from "../io.js";
import { integer } from "../parse.js";

export function registerDejaq(program: Command, io: CliIo): void {
  const dejaq = program
    .command("dejaq")
    .description("DéjàQ: grow an archive of learnable, verifiable maths problems for a student");
  dejaq
    .command("run")
    .description("run the teacher–student loop into a run folder (SQLite, resumable) and write its page")
    .requiredOption("--teacher <spec>", "who mutates problems: offline, or a model spec")
    .requiredOption("--student <spec>", "who attempts them: simulated, or a model spec")
    .requiredOption(
      "--steps <n>",
      "loop steps (the run's total; rerun on --out to resume or extend)",
      integer("--steps"),
    )
    .option("--out <dir>", "run folder (default runs/dejaq-<seed>)")
    .option("--seed <n>", "seed", integer("--seed", 0))
    .option("--batch <b>", "problems per batch (default 16)", integer("--batch"))
    .option("--attempts <g>", "student attempts per problem (default 8)", integer("--attempts"))
    .option("--mutations <m>", "candidates per step (default 8)", integer("--mutations"))
    .option("--capacity <c>", "problems per archive cell (default 4)", integer("--capacity"))
    .option("--mutators <which>", "all (DéjàQ-A, default) or setting (DéjàQ-S)")
    .option("--concurrency <k>", "problems and candidates at once (default 4)", integer("--concurrency"))
    .option("--json", "print the result as JSON")
    .action(async (options: DejaqRunOptions) => {
      await (await import("../commands/dejaq.js")).dejaqRunCommand(options, io);
    });
}
