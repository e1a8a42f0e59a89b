// The queue's commands as `hyperagents` registers them (worker, evolve --workers, doctor --redis),
// in a process of their own: the CLI tests run this until sdk/cli/main.ts registers `worker`.
import { Command } from "commander";
import { reportFailure } from "../cli/failure.js";
import { CliExit, processIo } from "../cli/io.js";
import { registerDoctor } from "../cli/register/doctor.js";
import { registerEvolve } from "../cli/register/evolve.js";
import { registerWorker } from "../cli/register/worker.js";

const io = processIo();
const program = new Command("hyperagents").exitOverride();
registerWorker(program, io);
registerEvolve(program, io);
registerDoctor(program, io);
try {
  await program.parseAsync(process.argv.slice(2), { from: "user" });
} catch (error) {
  if (error instanceof CliExit) {
    io.stderr(`${error.message}\n`);
    process.exit(error.code);
  }
  process.exit(reportFailure(error, io.stderr, false));
}
