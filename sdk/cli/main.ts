/**
 * The `hyperagents` command: a thin layer of option parsing over the exported functions.
 * `createCli(io)` builds the program without touching the process, so tests parse options
 * and run commands in-process.
 */
import { Command, CommanderError } from "commander";
import { HyperagentsError } from "../errors.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerEval } from "./commands/eval.js";
import { registerEvolve } from "./commands/evolve.js";
import { registerExport } from "./commands/export.js";
import { registerImpk } from "./commands/impk.js";
import { registerReport } from "./commands/report.js";
import { registerTasks } from "./commands/tasks.js";
import { CliExit, type CliIo, processIo } from "./io.js";

export function createCli(io: CliIo): Command {
  const program = new Command("hyperagents")
    .description(
      "LLM-driven self-improvement: evolve hyperagents (a task agent plus a meta agent that edits both).",
    )
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(run `hyperagents --help` for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerTasks(program, io);
  registerEval(program, io);
  registerEvolve(program, io);
  registerReport(program, io);
  registerExport(program, io);
  registerImpk(program, io);
  registerDoctor(program, io);
  return program;
}

const VERSION = "0.1.0";

/** Runs the command line; returns the exit code instead of exiting, so it can be tested. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = createCli(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander already printed usage errors.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliExit) {
    if (error.message) io.stderr(`hyperagents: ${error.message}\n`);
    return error.code;
  }
  if (HyperagentsError.is(error)) {
    io.stderr(`hyperagents: ${error.message}\n`);
    return error.kind === "user" ? 2 : 1;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`hyperagents: unexpected failure (a bug; please report it):\n${message}\n`);
  return 1;
}
