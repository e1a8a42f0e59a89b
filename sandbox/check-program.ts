/**
 * The compile gate: a child program must bundle, instantiate in a sandbox (its top-level code
 * runs under a short time limit) and export what the contract names, as functions; optionally it
 * must type-check. Returns a verdict with the first problem; never throws for a bad program.
 */
import ivm from "isolated-vm";
import { BUNDLE_FILE, bundleProgram } from "./bundle.js";
import { CTX_VERSION } from "./ctx-contract.js";
import { defaultWallTimeoutMs } from "./limits.js";
import { MAX_ERROR_CHARS, RUNTIME_FILE, RUNTIME_SOURCE, wrapTopLevel } from "./runtime-source.js";
import { firstPosition, mapStack } from "./source-map.js";
import { typecheckProgram } from "./typecheck.js";
import { createWatchdog, type Expiry, type Watch } from "./watchdog.js";

export interface ProgramContract {
  exports: { entry: string; name: string }[];
}

export interface CheckOptions {
  /** Also type-check with the TypeScript compiler API (needs the typescript package). */
  typecheck?: boolean;
  /** Bounds the whole check (wall-clock); top-level code gets min(2 000, timeoutMs) ms of CPU time. Default 30 000. */
  timeoutMs?: number;
}

export type VerdictStage = "bundle" | "instantiate" | "exports" | "typecheck";

export type Verdict =
  | { ok: true }
  | {
      ok: false;
      stage: VerdictStage;
      message: string;
      file?: string;
      line?: number;
      /** The machine did not give top-level code CPU before the wall-clock backstop: not the program's fault. */
      starved?: true;
    };

/** What a hyperagent program must export: the task agent and the meta agent. */
export const HYPERAGENT_CONTRACT = {
  exports: [
    { entry: "task_agent.ts", name: "solve" },
    { entry: "meta_agent.ts", name: "improve" },
  ],
} as const satisfies ProgramContract;

const TOP_LEVEL_MS = 2_000;
const GATE_WALL_FACTOR = 3;
/** One watchdog for every check in this process; it ticks only while a check runs. */
const watchdog = createWatchdog();
const CHECK_MEMORY_MB = 128;

function fail(stage: VerdictStage, message: string, file?: string, line?: number): Verdict {
  const verdict: Verdict = { ok: false, stage, message };
  if (file !== undefined) verdict.file = file;
  if (line !== undefined) verdict.line = line;
  return verdict;
}

export async function checkProgram(
  files: Record<string, string>,
  contract: ProgramContract,
  options: CheckOptions = {},
): Promise<Verdict> {
  const started = performance.now();
  const budget = options.timeoutMs ?? 30_000;
  const left = () => Math.max(1, Math.floor(budget - (performance.now() - started)));
  try {
    const byEntry = new Map<string, string[]>();
    for (const { entry, name } of contract.exports) byEntry.set(entry, [...(byEntry.get(entry) ?? []), name]);
    // esbuild serves several builds at once: bundle every entry together, then check in order.
    const entries = [...byEntry];
    const bundles = await Promise.all(entries.map(([entry]) => bundleProgram(files, entry)));
    // One isolate, a fresh context per entry: an isolate costs more than a context.
    const isolate = new ivm.Isolate({ memoryLimit: CHECK_MEMORY_MB });
    try {
      const runtime = await isolate.compileScript(RUNTIME_SOURCE, { filename: RUNTIME_FILE });
      for (const [i, [entry, names]] of entries.entries()) {
        const bundle = bundles[i]!;
        if (!bundle.ok) return fail("bundle", bundle.message, bundle.file, bundle.line);
        const verdict = await instantiate(
          isolate,
          runtime,
          bundle.code,
          bundle.map,
          entry,
          names,
          // CPU time, so a loaded machine does not shrink it: not what is left of the wall-clock budget.
          Math.min(TOP_LEVEL_MS, budget),
        );
        if (!verdict.ok) return verdict;
      }
    } finally {
      // Never blocks: it only asks V8 to stop, whatever the isolate is doing.
      if (!isolate.isDisposed) isolate.dispose();
    }
    if (options.typecheck) {
      const typed = await typecheckProgram(files, left());
      if (!typed.ok) return fail("typecheck", typed.message, typed.file, typed.line);
    }
    return { ok: true };
  } catch (error) {
    // A gate that cannot decide rejects the program, it does not crash the caller.
    return fail("instantiate", `The check failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Top-level code runs under the same host-side watchdog as a sandbox run: CPU time up to
 * `timeoutMs`, disposed at the deadline whatever it runs (a getter loop in a thrown value
 * included), so the gate always returns.
 */
async function instantiate(
  isolate: ivm.Isolate,
  runtime: ivm.Script,
  code: string,
  map: Parameters<typeof mapStack>[2],
  entry: string,
  names: string[],
  timeoutMs: number,
): Promise<Verdict> {
  let expired: ((expiry: Expiry) => void) | undefined;
  const expiry = new Promise<Expiry>((resolve) => {
    expired = resolve;
  });
  // A starved gate rejects a child that may be fine: its backstop is more generous than a run's.
  const wallMs = GATE_WALL_FACTOR * defaultWallTimeoutMs(timeoutMs);
  const watch = watchdog.watch({
    isolate,
    cpuLimitMs: timeoutMs,
    idleLimitMs: timeoutMs,
    wallLimitMs: wallMs,
    onExpire: (why) => {
      if (!isolate.isDisposed) isolate.dispose();
      expired?.(why);
    },
  });
  const work = checkInContext(isolate, runtime, code, names, watch, wallMs);
  try {
    const outcome = await Promise.race([
      work.then(
        (answer) => ({ kind: "answer" as const, answer }),
        (error: unknown) => ({ kind: "threw" as const, error }),
      ),
      expiry.then((why) => ({ kind: why })),
    ]);
    switch (outcome.kind) {
      case "timeout":
        return fail("instantiate", `${entry}: top-level code did not finish within ${timeoutMs} ms.`, entry);
      case "starved":
        return {
          ok: false,
          stage: "instantiate",
          message: `${entry}: top-level code was starved of CPU (the machine is overloaded); check again.`,
          file: entry,
          starved: true,
        };
      case "threw": {
        const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        if (isolate.isDisposed || /memory limit/i.test(message)) {
          return fail(
            "instantiate",
            `${entry}: top-level code exceeded the ${CHECK_MEMORY_MB} MB heap limit.`,
            entry,
          );
        }
        return fail("instantiate", `${entry}: the check failed: ${message.slice(0, MAX_ERROR_CHARS)}`, entry);
      }
      case "answer":
        return judge(outcome.answer, map, entry, names);
    }
  } finally {
    watch.stop();
  }
}

async function checkInContext(
  isolate: ivm.Isolate,
  runtime: ivm.Script,
  code: string,
  names: string[],
  watch: Watch,
  wallMs: number,
): Promise<unknown> {
  const context = await isolate.createContext();
  try {
    const refuse = new ivm.Reference(
      () => "error\ncapabilities are not available while the program is being checked",
    );
    await context.global.set("__hv_log", new ivm.Callback(() => undefined, { ignored: true }));
    await context.global.set("__hv_llm", refuse);
    await context.global.set("__hv_files", refuse);
    await context.global.set("__hv_tools", refuse);
    await context.global.set("__hv_data", null);
    await context.global.set(
      "__hv_config",
      JSON.stringify({
        seed: 0,
        hasLlm: false,
        hasFiles: false,
        tools: [],
        ctxVersion: CTX_VERSION,
        maxOutputBytes: 1024,
        maxArgumentChars: 0,
        maxLogChars: 0,
        maxLogLineChars: 0,
      }),
    );
    watch.kick();
    const main = (await runtime.run(context, { reference: true, timeout: wallMs })) as ivm.Reference;
    const script = await isolate.compileScript(wrapTopLevel(code), { filename: BUNDLE_FILE });
    watch.kick();
    await script.run(context, { timeout: wallMs });
    watch.programCalled();
    return await main.apply(undefined, ["check", JSON.stringify(names)], {
      arguments: { copy: true },
      timeout: wallMs,
      result: { promise: true, copy: true },
    });
  } finally {
    if (!isolate.isDisposed) context.release();
  }
}

/** Reads the runtime's answer: a described top-level throw, or the kinds of the exports. */
function judge(
  answer: unknown,
  map: Parameters<typeof mapStack>[2],
  entry: string,
  names: string[],
): Verdict {
  if (typeof answer !== "string") return fail("exports", `${entry}: could not read its exports.`, entry);
  const newline = answer.indexOf("\n");
  const status = answer.slice(0, newline);
  const payload = answer.slice(newline + 1);
  if (status === "error") {
    let detail: { message?: unknown; stack?: unknown } = {};
    try {
      detail = JSON.parse(payload) as typeof detail;
    } catch {
      detail = {};
    }
    const message = typeof detail.message === "string" ? detail.message : "(no message)";
    const stack = typeof detail.stack === "string" ? detail.stack : "";
    const position = firstPosition(stack, BUNDLE_FILE, map);
    const where = position ? `${position.source}:${position.line}: ` : `${entry}: `;
    return fail(
      "instantiate",
      `${where}top-level code threw ${message}\n${mapStack(stack, BUNDLE_FILE, map, [RUNTIME_FILE])}`.trim(),
      position?.source ?? entry,
      position?.line,
    );
  }
  if (status !== "exports") return fail("exports", `${entry}: could not read its exports.`, entry);
  const kinds = payload.split(",");
  for (const [i, name] of names.entries()) {
    const kind = kinds[i];
    if (kind !== "function") {
      const what = kind === "undefined" ? "does not export" : `exports a ${String(kind)} as`;
      return fail(
        "exports",
        `${entry} ${what} "${name}"; the contract needs a function named ${name}.`,
        entry,
      );
    }
  }
  return { ok: true };
}
