import type { Command } from "commander";
import type { CliIo } from "../io.js";

export function registerDoctor(program: Command, io: CliIo): void {
  program
    .command("doctor")
    .description(
      "check this machine: Node, the sandbox, the run store, git, provider keys, Chromium, numeric backend",
    )
    .option("--probe <model>", "make one tiny call to this model spec and report latency and cost")
    .option("--json", "print the checks as JSON")
    .action(async (options: { probe?: string; json?: boolean }) => {
      await (await import("../commands/doctor.js")).doctor(options, io);
    });
}
