/**
 * The `hyperagents` command: a thin layer of option parsing over the exported functions.
 * `createCli(io)` builds the program without touching the process, so tests parse options
 * and run commands in-process.
 *
 * Startup: this module and register/* (each command's name, options and help) import only
 * commander and small local modules; a command loads its implementation (commands/*, and with
 * it isolated-vm, TensorFlow.js, the provider SDKs, SQLite, esbuild…) with `import()` when it
 * runs, so `--help`, `--version` and `tasks` load none of them (startup.test.ts checks this).
 */
import { Command, CommanderError } from "commander";
import { reportFailure } from "./failure.js";
import { CliExit, type CliIo, processIo } from "./io.js";
import { registerAirs } from "./register/airs.js";
import { registerDejaq } from "./register/dejaq.js";
import { registerDoctor } from "./register/doctor.js";
import { registerEval } from "./register/eval.js";
import { registerEvolve } from "./register/evolve.js";
import { registerExport } from "./register/export.js";
import { registerImpk } from "./register/impk.js";
import { registerReport } from "./register/report.js";
import { registerTasks } from "./register/tasks.js";
import { registerWorker } from "./register/worker.js";
import { terminalText } from "./terminal-text.js";

export function createCli(io: CliIo): Command {
  const program = new Command("hyperagents")
    .description(
      "LLM-driven self-improvement: evolve hyperagents (a task agent plus a meta agent that edits both).",
    )
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(run `hyperagents --help` for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText("after", "\nFailures print one line; --debug (or HYPERAGENTS_DEBUG=1) adds the stack.")
    .exitOverride();
  registerTasks(program, io);
  registerEval(program, io);
  registerEvolve(program, io);
  registerReport(program, io);
  registerExport(program, io);
  registerImpk(program, io);
  registerAirs(program, io);
  registerDejaq(program, io);
  registerDoctor(program, io);
  registerWorker(program, io);
  return program;
}

const VERSION = "0.1.0";

/** Runs the command line; returns the exit code instead of exiting, so it can be tested. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // --debug may follow any command: take it out before commander sees the command's options.
  const end = argv.indexOf("--");
  const debugAt = argv.findIndex((arg, i) => arg === "--debug" && (end < 0 || i < end));
  const args = debugAt < 0 ? argv : argv.filter((_, i) => i !== debugAt);
  const debug = debugAt >= 0 || ["1", "true"].includes(io.env.HYPERAGENTS_DEBUG ?? "");
  const program = createCli(io);
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeOf(error, io, debug);
  }
}

function exitCodeOf(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander already printed usage errors.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliExit) {
    if (error.message) io.stderr(`hyperagents: ${terminalText(error.message)}\n`);
    return error.code;
  }
  return reportFailure(error, io.stderr, debug);
}
