import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { evaluateProgram } from "../../../evals/evaluate-program.js";
import { readProgramFolder } from "../../../evals/read-program.js";
import { checkProgram, type ProgramContract } from "../../../sandbox/index.js";
import { loadTask } from "../../../tasks/index.js";
import type { Split, TaskFigure } from "../../../tasks/task.js";
import { UserError } from "../../errors.js";
import { defaultAgentDir } from "../../evolve/agents.js";
import { formatDuration } from "../../report/format.js";
import { cliModel } from "../cli-model.js";
import type { CliIo } from "../io.js";
import { defaultModelSpec } from "../model-default.js";
import { integer } from "../parse.js";

export interface EvalCliOptions {
  task: string;
  model?: string;
  agent?: string;
  split?: Split;
  limit?: number;
  concurrency?: number;
  seed: number;
  out?: string;
  json?: boolean;
  pairing?: "team" | "interceptor" | "both";
  games?: number;
  seeds?: number;
  tom?: boolean;
}

const SPLITS: readonly Split[] = ["train", "val", "test"];

/** What `eval --agent` runs: the task agent alone (the meta agent is not needed to evaluate). */
const TASK_AGENT_CONTRACT: ProgramContract = { exports: [{ entry: "task_agent.ts", name: "solve" }] };

/** Options that only mean something when Decrypto plays a model in match-ups. */
const DECRYPTO_MODEL_OPTIONS = ["pairing", "games", "seeds", "tom"] as const;

export function registerEval(program: Command, io: CliIo): void {
  program
    .command("eval")
    .description("evaluate a program (--agent DIR) or a model (--model SPEC) on a task split")
    .requiredOption("--task <id>", "task id (see `hyperagents tasks`)")
    .option("--model <spec>", "model behind the agent's ctx.llm (default: offline without a key)")
    .option("--agent <dir>", "program folder to evaluate (default: the shipped agent for the model)")
    .option("--split <split>", "train, val or test (default: test where the task has one)")
    .option(
      "--limit <n>",
      "evaluate only the first N instances (decrypto with --model: N games per match-up)",
      integer("--limit"),
    )
    .option("--concurrency <n>", "instances at once", integer("--concurrency"))
    .option("--seed <s>", "seed", integer("--seed", 0), 0)
    .option("--out <dir>", "where to write results.json (default: runs/eval-TASK-TIMESTAMP)")
    .option("--json", "print the results JSON on stdout")
    .option("--pairing <who>", "decrypto with --model: team (Alice+Bob), interceptor (Eve) or both")
    .option("--games <n>", "decrypto with --model: games per seed (default 32)", integer("--games"))
    .option("--seeds <n>", "decrypto with --model: seeds (default 3)", integer("--seeds"))
    .option("--tom", "decrypto with --model: also run the theory-of-mind probes")
    .action(async (options: EvalCliOptions) => {
      const result = await runEvalCommand(options, io);
      if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    });
}

export async function runEvalCommand(options: EvalCliOptions, io: CliIo) {
  if (options.split && !SPLITS.includes(options.split)) {
    throw new UserError(`unknown split "${options.split}": use train, val or test`);
  }
  let spec = options.model;
  // Said once the input is known to be good, so a refusal stays one line.
  let notice = "";
  if (!spec) {
    const fallback = defaultModelSpec(io.env);
    spec = fallback.spec;
    notice = `--model ${fallback.spec}: ${fallback.reason}\n`;
  }
  // Decrypto evaluates a model as players in match-ups rather than as one program's solve().
  const matchups = options.task === "decrypto" && !options.agent;
  if (!matchups) {
    const given = DECRYPTO_MODEL_OPTIONS.find((name) => options[name] !== undefined);
    if (given) {
      throw new UserError(
        `--${given} applies only to \`eval --task decrypto --model SPEC\` without --agent: drop it, or evaluate that way`,
      );
    }
  }
  if (matchups) {
    if (notice) io.stderr(notice);
    return runDecryptoEval(options, spec, io);
  }
  const task = await loadTask(options.task);
  if (options.split && !task.splits.includes(options.split)) {
    throw new UserError(
      `task ${task.id} has no ${options.split} split: use one of ${task.splits.join(", ")}`,
    );
  }
  const model = cliModel(spec, io.env);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const outDir = resolve(io.cwd, options.out ?? join("runs", `eval-${task.id}-${stamp}`));
  const agentDir = resolve(io.cwd, options.agent ?? defaultAgentDir(spec));
  const files = readProgramFolder(agentDir);
  await refuseBrokenProgram(files, relative(io.cwd, agentDir) || ".");
  if (notice) io.stderr(notice);
  const result = await evaluateProgram({
    files,
    task,
    model,
    ...(options.split ? { split: options.split } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    seed: options.seed,
    onInstance: (done, total, instance) => {
      const line = `${done}/${total} ${instance.instanceId}: ${instance.score.toFixed(4)}${instance.error ? ` (${instance.error.slice(0, 120)})` : ""}`;
      io.stderr(io.isTTY ? `\r\x1b[2K${line}${done === total ? "\n" : ""}` : `${line}\n`);
    },
  });
  mkdirSync(outDir, { recursive: true });
  // What the task reports beyond the mean (circle packing: each n's ratio and raw sum of radii).
  const figures = task.figures?.(result.results) ?? [];
  const output = { agent: agentDir, ...result, ...(figures.length > 0 ? { figures } : {}) };
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify(output, null, 2)}\n`);
  for (const figure of figures) io.stderr(`${formatFigureLine(figure)}\n`);
  io.stderr(
    `${task.id} ${result.split}: ${result.mean.toFixed(4)} ± ${result.stderr.toFixed(4)} over ${result.instances} instances` +
      ` (${result.failures} failed) in ${formatDuration(result.wallMs)}\nresults: ${relative(io.cwd, join(outDir, "results.json"))}\n`,
  );
  return output;
}

async function runDecryptoEval(options: EvalCliOptions, spec: string, io: CliIo) {
  const { evaluateDecrypto } = await import("../../../tasks/decrypto/index.js");
  if (options.pairing && !["team", "interceptor", "both"].includes(options.pairing)) {
    throw new UserError(`unknown pairing "${options.pairing}": use team, interceptor or both`);
  }
  const started = performance.now();
  const result = await evaluateDecrypto({
    ...(spec === "offline" ? {} : { model: cliModel(spec, io.env) }),
    ...(options.pairing ? { pairing: options.pairing } : {}),
    ...(options.games ? { games: options.games } : {}),
    ...(options.seeds ? { seeds: options.seeds } : {}),
    ...(options.tom ? { tom: true } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    onProgress: ({ matchup, done, total }) => {
      const line = `${matchup}: ${done}/${total} games`;
      io.stderr(
        io.isTTY
          ? `\r\x1b[2K${line}${done === total ? "\n" : ""}`
          : done === total || done % 16 === 0
            ? `${line}\n`
            : "",
      );
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const outDir = resolve(io.cwd, options.out ?? join("runs", `eval-decrypto-${stamp}`));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify(result, null, 2)}\n`);
  for (const matchup of result.matchups) {
    const m = matchup.metrics;
    io.stderr(
      `${matchup.name} (${matchup.team} vs ${matchup.interceptor}): ${m.turns.mean.toFixed(2)} ± ${m.turns.sem.toFixed(2)} turns/game, ` +
        `${m.interceptions.mean.toFixed(2)} interceptions, ${m.miscommunications.mean.toFixed(2)} miscommunications, ${m.games} games\n`,
    );
  }
  io.stderr(
    `in ${formatDuration(performance.now() - started)}; results: ${relative(io.cwd, join(outDir, "results.json"))}\n`,
  );
  return result;
}

/**
 * A program that does not compile would score 0 on every instance and exit 0, which reads as a
 * result; it is the user's input, so it is refused with the first problem on one line (exit 2).
 */
async function refuseBrokenProgram(files: Record<string, string>, shown: string): Promise<void> {
  const verdict = await checkProgram(files, TASK_AGENT_CONTRACT);
  // A starved machine is no fault of the program: let the evaluation run and say what it finds.
  if (verdict.ok || verdict.starved) return;
  const where = verdict.file ? `${verdict.file}${verdict.line ? `:${verdict.line}` : ""}: ` : "";
  const message = verdict.message.replace(/\s+/g, " ").trim();
  throw new UserError(
    `the program in ${shown} does not compile (${verdict.stage}): ${where}${message.slice(0, 300)}`,
  );
}

/** "n = 26: 0.9908 (ratio to 2.6359830849) · sum of radii 2.61182 · record: above the reference". */
function formatFigureLine(figure: TaskFigure): string {
  const parts = [`${figure.label}: ${figure.value.toFixed(4)}${figure.unit ? ` (${figure.unit})` : ""}`];
  for (const [name, value] of Object.entries(figure.extra ?? {})) parts.push(`${name} ${value.toFixed(5)}`);
  if (figure.note) parts.push(figure.note);
  return parts.join(" · ");
}
