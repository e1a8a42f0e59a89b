/**
 * The isolated-vm sandbox: each run bundles the program (cached), takes an isolate with a hard
 * heap cap, creates a fresh context, plants the capabilities as host callbacks, runs the bundle's
 * top-level code and calls the export. Whatever the program does, `run` resolves to a RunResult.
 */
import { availableParallelism } from "node:os";
import ivm from "isolated-vm";
import { UserError } from "../sdk/errors.js";
import { createLimiter } from "../sdk/llm/concurrency.js";
import type { ChatModel, ChatRequest } from "../sdk/llm/types.js";
import { BUNDLE_FILE, type BundleSuccess, bundleProgram } from "./bundle.js";
import { createFileEditor, type FileEditor } from "./file-editor.js";
import { createIsolatePool } from "./isolate-pool.js";
import { RUNTIME_FILE, RUNTIME_SOURCE } from "./runtime-source.js";
import { mapStack } from "./source-map.js";
import type { FailureKind, Limits, RunRequest, RunResult, RunStats, Sandbox } from "./types.js";

export const DEFAULT_LIMITS: Required<Limits> = {
  timeoutMs: 30_000,
  memoryMb: 128,
  maxToolCalls: 1_000,
  maxOutputBytes: 10 * 1024 * 1024,
};

export interface SandboxOptions {
  /** Runs executing at once; more wait in a queue (their time limit starts when they start). Default: 2 × cores, at least 4. */
  concurrency?: number;
  /** Keep isolates of clean runs for the next run (a fresh context each time). Default true. */
  reuseIsolates?: boolean;
  /** Total characters of logs kept per run. Default 64 000. */
  maxLogChars?: number;
}

const MAX_LOG_LINE_CHARS = 4_000;
const RUNTIME_KEY = "\0runtime";
/** Above this share of the cap an isolate is not reused. */
const REUSE_HEAP_SHARE = 0.5;
const MESSAGE_PREVIEW = 20_000;

function resolveLimits(defaults: Partial<Limits>, overrides: Partial<Limits> | undefined): Required<Limits> {
  const limits: Required<Limits> = { ...DEFAULT_LIMITS };
  for (const source of [defaults, overrides ?? {}]) {
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
      const value = source[key];
      if (value !== undefined) limits[key] = value;
    }
  }
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new UserError(`Sandbox limit ${key} must be a positive number, got ${String(value)}.`);
    }
  }
  if (limits.memoryMb < 8)
    throw new UserError(`Sandbox limit memoryMb must be at least 8, got ${limits.memoryMb}.`);
  return limits;
}

function toJson(value: unknown, what: string): string | null {
  if (value === undefined) return null;
  try {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError("not a JSON value");
    return json;
  } catch (error) {
    throw new UserError(`The run's ${what} must be JSON-serialisable: ${(error as Error).message}`);
  }
}

/** An Error whose stack names no host file: it crosses into the program. */
function programError(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

type Outcome =
  | { kind: "envelope"; envelope: unknown }
  | { kind: "threw"; error: unknown }
  | { kind: "timeout" }
  | { kind: "limit"; message: string };

interface RunState {
  ended: boolean;
  toolCalls: number;
  inFlight: number;
  logs: string[];
  logChars: number;
  logsTruncated: boolean;
}

export function createSandbox(defaults: Partial<Limits> = {}, options: SandboxOptions = {}): Sandbox {
  // Validate the defaults now, so a bad config fails where it is written.
  resolveLimits(defaults, undefined);
  const concurrency = options.concurrency ?? Math.max(4, availableParallelism() * 2);
  const maxLogChars = options.maxLogChars ?? 64_000;
  const pool = createIsolatePool({
    maxIdle: options.reuseIsolates === false ? 0 : concurrency,
    maxUses: 200,
  });
  const slots = createLimiter(concurrency);
  const active = new Set<{ kill: () => void }>();
  let disposed = false;

  async function run(request: RunRequest): Promise<RunResult> {
    const started = performance.now();
    if (disposed) throw new UserError("This sandbox was disposed; create a new one with createSandbox().");
    const limits = resolveLimits(defaults, request.limits);
    if (typeof request.entry !== "string" || typeof request.export !== "string") {
      throw new UserError(
        "RunRequest.entry and RunRequest.export must be strings (e.g. 'task_agent.ts', 'solve').",
      );
    }
    if (typeof request.files !== "object" || request.files === null) {
      throw new UserError("RunRequest.files must map paths to source text.");
    }
    const inputJson = toJson(request.input, "input");
    const dataJson = toJson(request.capabilities?.data, "capabilities.data");
    const logs: string[] = [];
    const stats = (extra: Partial<RunStats> = {}): RunStats => ({
      wallMs: performance.now() - started,
      cpuMs: 0,
      heapMb: 0,
      toolCalls: 0,
      ...extra,
    });
    const bundle = await bundleProgram(request.files, request.entry);
    if (!bundle.ok) {
      return { ok: false, kind: "error", message: `Bundle failed: ${bundle.message}`, logs, stats: stats() };
    }
    return slots.run(async () => {
      if (disposed)
        return { ok: false, kind: "error", message: "The sandbox was disposed.", logs, stats: stats() };
      return await execute(request, bundle, limits, inputJson, dataJson, started);
    });
  }

  async function execute(
    request: RunRequest,
    bundle: BundleSuccess,
    limits: Required<Limits>,
    inputJson: string | null,
    dataJson: string | null,
    started: number,
  ): Promise<RunResult> {
    const state: RunState = {
      ended: false,
      toolCalls: 0,
      inFlight: 0,
      logs: [],
      logChars: 0,
      logsTruncated: false,
    };
    const abort = new AbortController();
    const model: ChatModel | undefined = request.capabilities?.llm;
    const filesCap = request.capabilities?.files;
    const editor: FileEditor | undefined = filesCap
      ? createFileEditor(
          filesCap.protected === undefined
            ? { root: filesCap.root }
            : { root: filesCap.root, protected: filesCap.protected },
        )
      : undefined;

    let settle!: (outcome: Outcome) => void;
    const outcomePromise = new Promise<Outcome>((resolve) => {
      settle = resolve;
    });

    /** Counts a capability call; past the cap the run ends with `limit`. */
    const admit = (): string | undefined => {
      if (state.ended) return "the run has ended; capability calls are refused";
      state.toolCalls++;
      if (state.toolCalls > limits.maxToolCalls) {
        const message = `The program exceeded maxToolCalls (${limits.maxToolCalls} capability calls).`;
        settle({ kind: "limit", message });
        return message;
      }
      return undefined;
    };

    const onLog = (line: unknown): void => {
      if (state.ended || typeof line !== "string") return;
      if (state.logChars >= maxLogChars) {
        if (!state.logsTruncated) state.logs.push(`[logs truncated at ${maxLogChars} characters]`);
        state.logsTruncated = true;
        return;
      }
      const kept = line.slice(0, Math.min(MAX_LOG_LINE_CHARS, maxLogChars - state.logChars));
      state.logChars += kept.length;
      state.logs.push(kept);
    };

    const onLlm = async (json: unknown): Promise<string> => {
      const refused = admit();
      if (refused) throw programError(refused);
      if (!model) throw programError("ctx.llm is not available in this run: the host gave no model.");
      if (typeof json !== "string") throw programError("ctx.llm.generate takes one request object.");
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        throw programError("ctx.llm.generate: the request is not JSON.");
      }
      if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as ChatRequest).messages)) {
        throw programError("ctx.llm.generate needs a request with a messages array.");
      }
      // The program's signal (if it made one) never crosses; the host's ends with the run.
      const { signal: _ignored, ...rest } = parsed as ChatRequest & { signal?: unknown };
      state.inFlight++;
      try {
        const response = await model.generate({ ...rest, signal: abort.signal });
        if (state.ended) throw programError("the run has ended");
        return JSON.stringify(response);
      } catch (error) {
        throw programError(`ctx.llm.generate failed: ${messageOf(error)}`);
      } finally {
        state.inFlight--;
      }
    };

    const onFiles = async (method: unknown, argsJson: unknown): Promise<string> => {
      const refused = admit();
      if (refused) return `Error: ${refused}`;
      if (!editor) return "Error: ctx.files is not available in this run: the host gave no folder.";
      if (typeof method !== "string" || typeof argsJson !== "string") return "Error: bad call";
      let args: unknown;
      try {
        args = JSON.parse(argsJson);
      } catch {
        return "Error: arguments must be JSON values.";
      }
      if (!Array.isArray(args)) return "Error: bad call";
      state.inFlight++;
      try {
        switch (method) {
          case "list":
            return await editor.list(args[0] === undefined || args[0] === null ? undefined : args[0]);
          case "view":
            return await editor.view(
              args[0],
              args[1] === undefined || args[1] === null ? undefined : args[1],
            );
          case "create":
            return await editor.create(args[0], args[1]);
          case "strReplace":
            return await editor.strReplace(args[0], args[1], args[2]);
          case "insert":
            return await editor.insert(args[0], args[1], args[2]);
          case "undo":
            return await editor.undo(args[0]);
          default:
            return `Error: unknown file operation ${method}`;
        }
      } finally {
        state.inFlight--;
      }
    };

    // The limit covers isolate setup too, so a slow setup cannot stretch a run past it.
    const execStart = performance.now();
    const deadline = execStart + limits.timeoutMs;
    const lease = pool.take(limits.memoryMb);
    const { isolate } = lease;
    let killedBy: "timeout" | "limit" | "sandbox" | undefined;
    const kill = (reason: "timeout" | "limit" | "sandbox") => {
      killedBy ??= reason;
      pool.discard(lease);
    };
    const handle = { kill: () => kill("sandbox") };
    active.add(handle);
    const cpuStart = safeCpu(isolate);
    const remaining = () => Math.max(1, Math.ceil(deadline - performance.now()));
    const timer = setTimeout(() => settle({ kind: "timeout" }), Math.max(0, deadline - performance.now()));

    const references: { release(): void }[] = [];
    let context: ivm.Context | undefined;
    const work = async (): Promise<unknown> => {
      context = await isolate.createContext();
      const jail = context.global;
      const llmRef = new ivm.Reference(onLlm);
      const filesRef = new ivm.Reference(onFiles);
      references.push(llmRef, filesRef);
      const config = {
        seed: typeof request.seed === "number" && Number.isFinite(request.seed) ? request.seed : null,
        hasLlm: model !== undefined,
        hasFiles: editor !== undefined,
        dataJson,
        maxOutputBytes: limits.maxOutputBytes,
        maxLogChars,
        maxLogLineChars: MAX_LOG_LINE_CHARS,
      };
      await jail.set("__hv_log", new ivm.Callback(onLog, { ignored: true }));
      await jail.set("__hv_llm", llmRef);
      await jail.set("__hv_files", filesRef);
      await jail.set("__hv_config", JSON.stringify(config));
      const runtime = await pool.compile(lease, RUNTIME_KEY, RUNTIME_SOURCE, RUNTIME_FILE);
      const main = (await runtime.run(context, { reference: true, timeout: remaining() })) as ivm.Reference;
      references.push(main);
      const script = await pool.compile(lease, bundle.hash, bundle.code, BUNDLE_FILE);
      await script.run(context, { timeout: remaining() });
      return main.apply(undefined, [request.export, inputJson ?? undefined], {
        arguments: { copy: true },
        timeout: remaining(),
        result: { promise: true, copy: true },
      });
    };
    work().then(
      (envelope) => settle({ kind: "envelope", envelope }),
      (error: unknown) => settle({ kind: "threw", error }),
    );

    const outcome = await outcomePromise;
    state.ended = true;
    clearTimeout(timer);
    abort.abort();
    active.delete(handle);

    const cpuMs = Math.max(0, Number((safeCpu(isolate) ?? 0n) - (cpuStart ?? 0n)) / 1e6);
    let heapMb = 0;
    if (!isolate.isDisposed) {
      try {
        heapMb = isolate.getHeapStatisticsSync().used_heap_size / (1024 * 1024);
      } catch {
        heapMb = 0;
      }
    }
    const result = classify(outcome, bundle, limits, killedBy, isolate.isDisposed);
    if (result.kind === "memory") heapMb = Math.max(heapMb, limits.memoryMb);

    // Reuse only after a clean ending: nothing can still be scheduled in the isolate.
    const clean =
      (outcome.kind === "envelope" || (outcome.kind === "threw" && result.kind === "error")) &&
      !isolate.isDisposed &&
      state.inFlight === 0 &&
      heapMb < limits.memoryMb * REUSE_HEAP_SHARE;
    for (const ref of references) {
      try {
        ref.release();
      } catch {
        // Released with the isolate already.
      }
    }
    if (clean) {
      try {
        context?.release();
        pool.give(lease);
      } catch {
        pool.discard(lease);
      }
    } else {
      killedBy ??= outcome.kind === "limit" ? "limit" : "timeout";
      // Disposing tears down the heap (milliseconds); the caller gets its result first. Nothing
      // can reach the host from the isolate meanwhile: the run is marked ended.
      setImmediate(() => kill(killedBy ?? "timeout"));
    }

    const runStats: RunStats = {
      wallMs: performance.now() - started,
      cpuMs,
      heapMb,
      toolCalls: Math.min(state.toolCalls, limits.maxToolCalls + 1),
    };
    if (result.ok) return { ok: true, value: result.value, logs: state.logs, stats: runStats };
    const failure: RunResult = {
      ok: false,
      kind: result.kind,
      message: result.message,
      logs: state.logs,
      stats: runStats,
    };
    if (result.stack !== undefined) failure.stack = result.stack;
    return failure;
  }

  return {
    run: (request) => run(request),
    async dispose() {
      disposed = true;
      for (const handle of active) handle.kill();
      active.clear();
      pool.disposeAll();
    },
  };
}

function safeCpu(isolate: ivm.Isolate): bigint | undefined {
  try {
    return isolate.isDisposed ? undefined : isolate.cpuTime;
  } catch {
    return undefined;
  }
}

type Classified =
  | { ok: true; value: unknown; kind: "ok" }
  | { ok: false; kind: FailureKind; message: string; stack?: string };

function classify(
  outcome: Outcome,
  bundle: BundleSuccess,
  limits: Required<Limits>,
  killedBy: string | undefined,
  isolateDisposed: boolean,
): Classified {
  const mapped = (stack: string) => mapStack(stack, BUNDLE_FILE, bundle.map, [RUNTIME_FILE, "<isolated-vm"]);
  switch (outcome.kind) {
    case "timeout":
      return {
        ok: false,
        kind: "timeout",
        message: `The run exceeded its ${limits.timeoutMs} ms time limit.`,
      };
    case "limit":
      return { ok: false, kind: "limit", message: outcome.message };
    case "threw": {
      const message = messageOf(outcome.error);
      if (killedBy === "sandbox")
        return { ok: false, kind: "error", message: "The sandbox was disposed during the run." };
      if (/memory limit|allocation failed|out of memory/i.test(message) || (isolateDisposed && !killedBy)) {
        return {
          ok: false,
          kind: "memory",
          message: `The program exceeded its ${limits.memoryMb} MB heap limit.`,
        };
      }
      if (/Script execution timed out/.test(message)) {
        return {
          ok: false,
          kind: "timeout",
          message: `The run exceeded its ${limits.timeoutMs} ms time limit.`,
        };
      }
      // Thrown by the program's top-level code.
      const stack =
        outcome.error instanceof Error && typeof outcome.error.stack === "string" ? outcome.error.stack : "";
      const mappedStack = stack ? mapped(stack) : undefined;
      const failure: Classified = {
        ok: false,
        kind: "error",
        message: `${(outcome.error as Error)?.name ?? "Error"}: ${message}`.slice(0, MESSAGE_PREVIEW),
      };
      if (mappedStack) failure.stack = mappedStack;
      return failure;
    }
    case "envelope":
      return parseEnvelope(outcome.envelope, limits, mapped);
  }
}

function parseEnvelope(
  envelope: unknown,
  limits: Required<Limits>,
  mapped: (s: string) => string,
): Classified {
  if (typeof envelope !== "string")
    return { ok: false, kind: "error", message: "The sandbox runtime was tampered with." };
  const newline = envelope.indexOf("\n");
  const status = envelope.slice(0, newline);
  const payload = envelope.slice(newline + 1);
  if (status === "ok") {
    if (Buffer.byteLength(payload) > limits.maxOutputBytes) {
      return {
        ok: false,
        kind: "invalid-output",
        message: `Invalid output: the return value is larger than maxOutputBytes (${limits.maxOutputBytes} bytes) once serialised.`,
      };
    }
    try {
      return { ok: true, kind: "ok", value: JSON.parse(payload) };
    } catch {
      return { ok: false, kind: "invalid-output", message: "Invalid output: the return value is not JSON." };
    }
  }
  let detail: { message?: unknown; stack?: unknown } = {};
  try {
    detail = JSON.parse(payload) as typeof detail;
  } catch {
    detail = {};
  }
  const message =
    typeof detail.message === "string" ? detail.message.slice(0, MESSAGE_PREVIEW) : "(no message)";
  if (status === "error") {
    const failure: Classified = { ok: false, kind: "error", message };
    if (typeof detail.stack === "string") failure.stack = mapped(detail.stack);
    return failure;
  }
  if (status === "invalid-output" || status === "invalid-export") {
    const prefixed =
      status === "invalid-output" && !message.startsWith("Invalid output")
        ? `Invalid output: ${message}`
        : message;
    return { ok: false, kind: status, message: prefixed };
  }
  return { ok: false, kind: "error", message: "The sandbox runtime was tampered with." };
}
