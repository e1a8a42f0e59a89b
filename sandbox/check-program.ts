/**
 * The compile gate: a child program must bundle, instantiate in a sandbox (its top-level code
 * runs under a short time limit) and export what the contract names, as functions; optionally it
 * must type-check. Returns a verdict with the first problem; never throws for a bad program.
 */
import ivm from "isolated-vm";
import { BUNDLE_FILE, bundleProgram } from "./bundle.js";
import { RUNTIME_FILE, RUNTIME_SOURCE } from "./runtime-source.js";
import { firstPosition, mapStack } from "./source-map.js";
import { typecheckProgram } from "./typecheck.js";

export interface ProgramContract {
  exports: { entry: string; name: string }[];
}

export interface CheckOptions {
  /** Also type-check with the TypeScript compiler API (needs the typescript package). */
  typecheck?: boolean;
  /** Bounds the whole check; top-level code gets at most 2 000 ms of it. Default 30 000. */
  timeoutMs?: number;
}

export type VerdictStage = "bundle" | "instantiate" | "exports" | "typecheck";

export type Verdict =
  | { ok: true }
  | { ok: false; stage: VerdictStage; message: string; file?: string; line?: number };

/** What a hyperagent program must export: the task agent and the meta agent. */
export const HYPERAGENT_CONTRACT = {
  exports: [
    { entry: "task_agent.ts", name: "solve" },
    { entry: "meta_agent.ts", name: "improve" },
  ],
} as const satisfies ProgramContract;

const TOP_LEVEL_MS = 2_000;
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
          Math.min(TOP_LEVEL_MS, left()),
        );
        if (!verdict.ok) return verdict;
      }
    } finally {
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

async function instantiate(
  isolate: ivm.Isolate,
  runtime: ivm.Script,
  code: string,
  map: Parameters<typeof mapStack>[2],
  entry: string,
  names: string[],
  timeoutMs: number,
): Promise<Verdict> {
  const context = await isolate.createContext();
  try {
    const refuse = new ivm.Reference(() => {
      throw new Error("capabilities are not available while the program is being checked");
    });
    await context.global.set("__hv_log", new ivm.Callback(() => undefined, { ignored: true }));
    await context.global.set("__hv_llm", refuse);
    await context.global.set("__hv_files", refuse);
    await context.global.set(
      "__hv_config",
      JSON.stringify({
        seed: 0,
        hasLlm: false,
        hasFiles: false,
        dataJson: null,
        maxOutputBytes: 1024,
        maxLogChars: 0,
        maxLogLineChars: 0,
      }),
    );
    await runtime.run(context, {
      timeout: timeoutMs,
    });
    const script = await isolate.compileScript(code, { filename: BUNDLE_FILE });
    try {
      await script.run(context, { timeout: timeoutMs });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isolate.isDisposed || /memory limit/i.test(message)) {
        return fail(
          "instantiate",
          `${entry}: top-level code exceeded the ${CHECK_MEMORY_MB} MB heap limit.`,
          entry,
        );
      }
      if (/timed out/i.test(message)) {
        return fail("instantiate", `${entry}: top-level code did not finish within ${timeoutMs} ms.`, entry);
      }
      const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
      const position = firstPosition(stack, BUNDLE_FILE, map);
      const where = position ? `${position.source}:${position.line}: ` : `${entry}: `;
      const name = error instanceof Error ? error.name : "Error";
      return fail(
        "instantiate",
        `${where}top-level code threw ${name}: ${message}\n${mapStack(stack, BUNDLE_FILE, map, [RUNTIME_FILE])}`.trim(),
        position?.source ?? entry,
        position?.line,
      );
    }
    const kinds = (await context.evalClosure(
      `const m = globalThis.__hyperagent_module;
       return $0.map((n) => { try { return m == null ? "undefined" : typeof m[n]; } catch { return "unreadable"; } });`,
      [names],
      { arguments: { copy: true }, result: { copy: true }, timeout: timeoutMs },
    )) as unknown;
    if (!Array.isArray(kinds)) return fail("exports", `${entry}: could not read its exports.`, entry);
    for (const [i, name] of names.entries()) {
      const kind: unknown = kinds[i];
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
  } finally {
    context.release();
  }
}
