import type { Command } from "commander";
import { CliExit, type CliIo } from "../io.js";

interface DoctorCliOptions {
  probe?: string;
  json?: boolean;
  redis?: string;
}

export function registerDoctor(program: Command, io: CliIo): void {
  program
    .command("doctor")
    .description(
      "check this machine: Node, the sandbox, the run store, git, provider keys, Chromium, numeric backend",
    )
    .option("--probe <model>", "make one tiny call to this model spec and report latency and cost")
    .option("--redis <url>", "also check the queue's Redis (`--workers`): connection, workers, persistence")
    .option("--json", "print the checks as JSON")
    .action(async (options: DoctorCliOptions) => {
      const { doctor } = await import("../commands/doctor.js");
      if (options.redis === undefined) return doctor(options, io);
      await doctorWithRedis(options, options.redis, io, doctor);
    });
}

/** The machine's checks, then the Redis check (in the same JSON document with --json). */
async function doctorWithRedis(
  options: DoctorCliOptions,
  url: string,
  io: CliIo,
  doctor: (options: DoctorCliOptions, io: CliIo) => Promise<void>,
): Promise<void> {
  let text = "";
  let failure: unknown;
  try {
    const capture = (chunk: string) => {
      text += chunk;
    };
    await doctor(options, options.json ? { ...io, stdout: capture } : io);
  } catch (error) {
    failure = error;
  }
  const { checkRedis } = await import("../../queue/redis-check.js");
  const check = await checkRedis(url);
  if (options.json) {
    const document = JSON.parse(text) as { checks: unknown[] };
    document.checks.push(check);
    io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const { formatCheck } = await import("../doctor.js");
    io.stdout(`${formatCheck(check)}\n`);
  }
  if (failure !== undefined) throw failure;
  if (!check.ok) throw new CliExit(1, "the Redis check failed");
}
