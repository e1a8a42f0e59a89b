import type { Command } from "commander";
import type { EvolveCliOptions } from "../commands/evolve.js";
import type { CliIo } from "../io.js";
import { integer, list, number } from "../parse.js";

export function registerEvolve(program: Command, io: CliIo): void {
  program
    .command("evolve")
    .description("run a DGM-H evolution loop (or resume one)")
    .option("--task <ids>", "task id(s), comma-separated (see `hyperagents tasks`)", list)
    .option(
      "--model <spec>",
      "task model: openai:NAME, anthropic:NAME or offline (default: offline without a key)",
    )
    .option("--meta-model <spec>", "meta model (default: the task model)")
    .option(
      "--agent <dir>",
      "program folder to start from (default: the task's scaffold, else agents/offline or agents/initial)",
    )
    .option("--scaffold <name>", "start from a program the task ships (airs: one-shot, greedy, offline)")
    .option(
      "--generations <n>",
      "the run's total number of generations (default 10); with --resume, the new total, larger than the run's, to extend it",
      integer("--generations"),
    )
    .option("--children <k>", "children per generation", integer("--children"), 2)
    .option("--parallel <p>", "sandbox runs at once (default: CPU count)", integer("--parallel"))
    .option("--selection <policy>", "parent selection: dgm-h, dgm-h-paper, dgm, random, best, latest")
    .option("--stage-size <n>", "instances in the first evaluation stage", integer("--stage-size"))
    .option(
      "--stage-threshold <x>",
      "stage score needed (strictly above) for the full split",
      number("--stage-threshold"),
    )
    .option(
      "--baseline <name>",
      "none (DGM-H), no-self-improve (frozen initial meta agent), no-archive (extend the newest node, lineage only), dgm (fixed instruction generator, self-modifying coding agent), dgm-no-self-improve",
    )
    .option(
      "--editable-selection",
      "parents are picked by the program's own select_parent.ts, which meta agents may rewrite",
    )
    .option("--reset-task-agent", "start from --agent with its task agent replaced by the shipped one")
    .option("--reset-meta-agent", "start from --agent with its meta agent replaced by the shipped one")
    .option(
      "--seeds <n>",
      "run the same configuration on seeds S..S+n-1 into sibling directories",
      integer("--seeds"),
    )
    .option("--budget-usd <x>", "stop the run cleanly when model spend reaches this", number("--budget-usd"))
    .option("--seed <s>", "run seed", integer("--seed", 0), 0)
    .option("--out <dir>", "run directory (default: runs/TASK-TIMESTAMP)")
    .option("--resume <dir>", "continue the run in this directory")
    .option("--cache <dir>", "record every model response here (replay it later with --cache-mode replay)")
    .option("--cache-mode <mode>", "record (default) or replay: rerun a recorded run with no API call")
    .option(
      "--workers <url>",
      "evaluate on `hyperagents worker` processes over Redis: redis://HOST:PORT, rediss://… (TLS); not saved, pass it again on resume",
    )
    .option(
      "--remote-meta",
      "with --workers: run meta steps on the workers too (this process commits and gates)",
    )
    .option("--json", "print the run summary as JSON on stdout")
    .action(async (options: EvolveCliOptions) => {
      await (await import("../commands/evolve.js")).evolveCommand(options, io);
    });
}
