import type { Command } from "commander";
import { createModel } from "../../llm/index.js";
import { formatCheck, probeModel, runChecks } from "../doctor.js";
import { CliExit, type CliIo } from "../io.js";

export function registerDoctor(program: Command, io: CliIo): void {
  program
    .command("doctor")
    .description(
      "check this machine: Node, the sandbox, the run store, git, provider keys, Chromium, numeric backend",
    )
    .option("--probe <model>", "make one tiny call to this model spec and report latency and cost")
    .option("--json", "print the checks as JSON")
    .action(async (options: { probe?: string; json?: boolean }) => {
      // A bad spec or a missing key is a configuration error: exit 2 with one line, before any
      // check runs, as every command does. Only the call itself is reported as a probe failure.
      const model = options.probe === undefined ? undefined : createModel(options.probe, { env: io.env });
      const checks = await runChecks(io.env);
      let probe: Awaited<ReturnType<typeof probeModel>> | { error: string } | undefined;
      if (model) {
        try {
          probe = await probeModel(model);
        } catch (error) {
          probe = { error: error instanceof Error ? error.message : String(error) };
        }
      }
      if (options.json) {
        io.stdout(`${JSON.stringify({ checks, probe }, null, 2)}\n`);
      } else {
        for (const check of checks) io.stdout(`${formatCheck(check)}\n`);
        if (probe && "error" in probe) io.stdout(`FAIL probe              ${probe.error}\n`);
        else if (probe) {
          io.stdout(
            `ok   probe              ${probe.model}: ${probe.latencyMs.toFixed(0)} ms, $${probe.costUsd.toFixed(6)}, said "${probe.text}"\n`,
          );
        }
      }
      const failed = checks.filter((check) => check.required && !check.ok);
      if (failed.length > 0 || (probe && "error" in probe)) {
        throw new CliExit(
          1,
          failed.length > 0 ? `${failed.length} required check(s) failed` : "the probe failed",
        );
      }
    });
}
