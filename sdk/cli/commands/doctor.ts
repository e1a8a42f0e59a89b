import type { ChatModel } from "../../llm/types.js";
import { type Check, formatCheck, probeModel, runChecks } from "../doctor.js";
import { CliExit, type CliIo } from "../io.js";

export async function doctor(options: { probe?: string; json?: boolean }, io: CliIo): Promise<void> {
  // A bad spec or a missing key is a configuration error: exit 2 with one line, before any
  // check runs, as every command does. Only the call itself is reported as a probe failure.
  // The model layer (the provider SDK clients) is loaded only for a probe.
  let model: ChatModel | undefined;
  if (options.probe !== undefined) {
    const { createModel } = await import("../../llm/index.js");
    model = createModel(options.probe, { env: io.env });
  }
  // Each line as its check ends: the first comes at once, the slow ones (an isolate, Chromium,
  // TensorFlow.js) after it.
  const onCheck = options.json ? undefined : (check: Check) => io.stdout(`${formatCheck(check)}\n`);
  const checks = await runChecks(io.env, onCheck ? { onCheck } : {});
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
  } else if (probe && "error" in probe) {
    io.stdout(`FAIL probe              ${probe.error}\n`);
  } else if (probe) {
    io.stdout(
      `ok   probe              ${probe.model}: ${probe.latencyMs.toFixed(0)} ms, $${probe.costUsd.toFixed(6)}, said "${probe.text}"\n`,
    );
  }
  const failed = checks.filter((check) => check.required && !check.ok);
  if (failed.length > 0 || (probe && "error" in probe)) {
    throw new CliExit(
      1,
      failed.length > 0 ? `${failed.length} required check(s) failed` : "the probe failed",
    );
  }
}
