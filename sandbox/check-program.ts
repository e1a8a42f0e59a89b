/**
 * The compile gate: a child program must bundle, instantiate in a sandbox (its top-level code
 * runs under a short time limit) and export what the contract names, as functions; optionally it
 * must type-check. Returns a verdict with the first problem; never throws for a bad program.
 */
import ivm from "isolated-vm";
import { BUNDLE_FILE, type BundleSuccess, bundleProgram } from "./bundle.js";
import { CHECK_MEMORY_MB, checkRuntime, returnCheckIsolate, takeCheckIsolate } from "./check-isolate.js";
import { CTX_VERSION } from "./ctx-contract.js";
import type { IsolateLease } from "./isolate-pool.js";
import { defaultWallTimeoutMs } from "./limits.js";
import { createLru } from "./lru.js";
import { MAX_ERROR_CHARS, RUNTIME_FILE, wrapTopLevel } from "./runtime-source.js";
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
/**
 * Bundles (by bundle.hash) whose top-level code already ran and exported the names: a child that
 * changed only the task agent's files keeps its parent's meta-agent bundle, checked once.
 */
const passed = createLru<true>(256);
/** One watchdog for every check in this process; it ticks only while a check runs. */
const watchdog = createWatchdog();

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
  // CPU time, so a loaded machine does not shrink it: not what is left of the wall-clock budget.
  const topLevelMs = Math.min(TOP_LEVEL_MS, budget);
  const wallMs = GATE_WALL_FACTOR * defaultWallTimeoutMs(topLevelMs);
  const byEntry = new Map<string, string[]>();
  for (const { entry, name } of contract.exports) byEntry.set(entry, [...(byEntry.get(entry) ?? []), name]);
  const entries = [...byEntry];
  // esbuild bundles every entry at once in its own process; meanwhile a warm isolate gets one
  // fresh context per entry ready (an isolate costs more than a context).
  const bundling = Promise.all(entries.map(([entry]) => bundleProgram(files, entry)));
  const lease = takeCheckIsolate();
  const contexts = entries.map(() => settled(prepareContext(lease, wallMs)));
  // Whether the isolate may be kept: it ran nothing of a program's that did not answer.
  let clean = true;
  try {
    const bundles = await bundling;
    for (const [i, [entry, names]] of entries.entries()) {
      const bundle = bundles[i]!;
      if (!bundle.ok) return fail("bundle", bundle.message, bundle.file, bundle.line);
      const key = `${bundle.hash}\0${names.join(",")}`;
      if (passed.get(key)) continue;
      const prepared = await contexts[i]!;
      if (prepared instanceof Error) throw prepared;
      const outcome = await instantiate(lease.isolate, prepared, bundle, entry, names, topLevelMs, wallMs);
      clean = outcome.answered;
      if (!outcome.verdict.ok) return outcome.verdict;
      passed.set(key, true);
    }
    if (options.typecheck) {
      const typed = await typecheckProgram(files, left());
      if (!typed.ok) return fail("typecheck", typed.message, typed.file, typed.line);
    }
    return { ok: true };
  } catch (error) {
    clean = false;
    // A gate that cannot decide rejects the program, it does not crash the caller.
    return fail("instantiate", `The check failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    void Promise.all(contexts).then((all) => {
      for (const prepared of all) if (!(prepared instanceof Error)) release(lease.isolate, prepared);
      return returnCheckIsolate(lease, clean);
    });
  }
}

interface PreparedContext {
  context: ivm.Context;
  /** The runtime's entry point in that context. */
  main: ivm.Reference;
  /** Host references handed to the context, released with it. */
  references: { release(): void }[];
}

/** A promise that never rejects: its failure becomes its value. */
function settled<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** Lets go of a context and every handle into it, so a kept isolate does not keep them alive. */
function release(isolate: ivm.Isolate, { context, main, references }: PreparedContext): void {
  for (const handle of [main, ...references, context]) {
    try {
      if (!isolate.isDisposed) handle.release();
    } catch {
      // Gone with its isolate.
    }
  }
}

/** A context with the runtime's globals (every capability refused) and the runtime loaded. */
async function prepareContext(lease: IsolateLease, wallMs: number): Promise<PreparedContext> {
  const { isolate } = lease;
  const [context, runtime] = await Promise.all([isolate.createContext(), checkRuntime(lease)]);
  const refuse = new ivm.Reference(
    () => "error\ncapabilities are not available while the program is being checked",
  );
  const global = context.global;
  await Promise.all([
    global.set("__hv_log", new ivm.Callback(() => undefined, { ignored: true })),
    global.set("__hv_llm", refuse),
    global.set("__hv_files", refuse),
    global.set("__hv_tools", refuse),
    global.set("__hv_data", null),
    global.set("__hv_config", CHECK_CONFIG),
  ]);
  const main = (await runtime.run(context, { reference: true, timeout: wallMs })) as ivm.Reference;
  return { context, main, references: [refuse] };
}

const CHECK_CONFIG = JSON.stringify({
  seed: 0,
  hasLlm: false,
  hasFiles: false,
  tools: [],
  ctxVersion: CTX_VERSION,
  maxOutputBytes: 1024,
  maxArgumentChars: 0,
  maxLogChars: 0,
  maxLogLineChars: 0,
});

/**
 * Top-level code runs under the same host-side watchdog as a sandbox run: CPU time up to
 * `timeoutMs`, disposed at the deadline whatever it runs (a getter loop in a thrown value
 * included), so the gate always returns. `answered`: the isolate came back on its own.
 */
async function instantiate(
  isolate: ivm.Isolate,
  prepared: PreparedContext,
  bundle: BundleSuccess,
  entry: string,
  names: string[],
  timeoutMs: number,
  wallMs: number,
): Promise<{ verdict: Verdict; answered: boolean }> {
  let expired: ((expiry: Expiry) => void) | undefined;
  const expiry = new Promise<Expiry>((resolve) => {
    expired = resolve;
  });
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
  const work = runTopLevel(isolate, prepared, bundle.code, names, watch, wallMs);
  try {
    const outcome = await Promise.race([
      work.then(
        (answer) => ({ kind: "answer" as const, answer }),
        (error: unknown) => ({ kind: "threw" as const, error }),
      ),
      expiry.then((why) => ({ kind: why })),
    ]);
    if (outcome.kind === "answer")
      return { verdict: judge(outcome.answer, bundle.map, entry, names), answered: !isolate.isDisposed };
    return { verdict: failure(outcome, isolate, entry, timeoutMs), answered: false };
  } finally {
    watch.stop();
  }
}

function failure(
  outcome: { kind: Expiry } | { kind: "threw"; error: unknown },
  isolate: ivm.Isolate,
  entry: string,
  timeoutMs: number,
): Verdict {
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
  }
}

async function runTopLevel(
  isolate: ivm.Isolate,
  { context, main }: PreparedContext,
  code: string,
  names: string[],
  watch: Watch,
  wallMs: number,
): Promise<unknown> {
  watch.kick();
  const script = await isolate.compileScript(wrapTopLevel(code), { filename: BUNDLE_FILE });
  try {
    watch.kick();
    await script.run(context, { timeout: wallMs });
    watch.programCalled();
    return await main.apply(undefined, ["check", JSON.stringify(names)], {
      arguments: { copy: true },
      timeout: wallMs,
      result: { promise: true, copy: true },
    });
  } finally {
    script.release();
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
