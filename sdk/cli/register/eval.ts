import type { Command } from "commander";
import type { EvalCliOptions } from "../commands/eval.js";
import type { CliIo } from "../io.js";
import { integer, list, number } from "../parse.js";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), ...list(value)];

export function registerEval(program: Command, io: CliIo): void {
  // `eval view DIR --json` is view's --json, not eval's: commander needs positional options on
  // every ancestor for that (the root has no options of its own beyond --help and --version).
  program.enablePositionalOptions();
  const command = program
    .command("eval")
    .description(
      "evaluate models (--model SPEC, repeatable) or a program (--agent DIR) on tasks; one eval log per task and model",
    )
    .option("--task <ids>", "task ids, comma-separated (see `hyperagents tasks`)", collect)
    .option(
      "--model <spec>",
      "model to evaluate; repeat for several (default: offline without a key)",
      collect,
    )
    .option("--agent <dir>", "program folder to evaluate (default: the shipped agent for the task and model)")
    .option("--scaffold <name>", "evaluate a program the task ships (airs: one-shot, greedy, offline)")
    .option("--split <split>", "train, val or test (default: test where the task has one)")
    .option(
      "--limit <n>",
      "evaluate only the first N instances (decrypto: N games per match-up)",
      integer("--limit"),
    )
    .option("--seeds <n>", "seeds per instance (decrypto: seeds of games, default 3)", integer("--seeds"))
    .option(
      "--concurrency <n>",
      "samples at once, over all tasks and models (default 4)",
      integer("--concurrency"),
    )
    .option(
      "--budget-usd <x>",
      "start no new sample once the logs have cost this much",
      number("--budget-usd"),
    )
    .option("--seed <s>", "seed added to each sample's seed", integer("--seed", 0), 0)
    .option("--out <dir>", "folder of the eval logs and results.json; rerun on it to resume")
    .option("--json", "print the results JSON on stdout")
    .option("--pairing <who>", "decrypto: the model as team (Alice+Bob), interceptor (Eve) or both")
    .option("--games <n>", "decrypto: games per seed (default 32)", integer("--games"))
    .option("--tom", "decrypto: also run the theory-of-mind probes")
    .option(
      "--workers <url>",
      "run the program's samples on `hyperagents worker` processes over Redis: redis://HOST:PORT, rediss://… (TLS)",
    )
    // `eval view … --json` is view's flag, not eval's.
    .enablePositionalOptions()
    .action(async (options: EvalCliOptions) => {
      const result = await (await import("../commands/eval.js")).runEvalCommand(options, io);
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    });
  command
    .command("view")
    .description("write one HTML page (models × tasks, intervals, samples) over the eval logs in DIR…")
    .argument("<dirs...>", "folders written by `hyperagents eval --out`")
    .option("--json", "print the models × tasks table as JSON on stdout")
    .option("--out <file>", "where to write the page (default: DIR/eval-view.html)")
    .action(async (dirs: string[], options: { json?: boolean; out?: string }) => {
      const table = (await import("../commands/eval.js")).runEvalView(dirs, options, io);
      if (options.json) io.stdout(`${JSON.stringify(table, null, 2)}\n`);
    });
}
