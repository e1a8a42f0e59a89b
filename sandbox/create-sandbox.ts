/**
 * The isolated-vm sandbox: each run bundles the program (cached), takes an isolate with a hard
 * heap cap, creates a fresh context, plants the capabilities as host callbacks, runs the bundle's
 * top-level code and calls the export. Whatever the program does, `run` resolves to a RunResult.
 */
import { availableParallelism } from "node:os";
import ivm from "isolated-vm";
import { UserError } from "../sdk/errors.js";
import { createLimiter } from "../sdk/internal/limiter.js";
import type { ChatModel } from "../sdk/llm/types.js";
import { BUNDLE_FILE, type BundleSuccess, bundleProgram } from "./bundle.js";
import { type CapabilityState, createCapabilityHost } from "./capability-host.js";
import { CTX_VERSION } from "./ctx-contract.js";
import { createFileEditor, type FileEditor } from "./file-editor.js";
import { createIsolatePool } from "./isolate-pool.js";
import { DEFAULT_LIMITS, type ResolvedLimits, resolveLimits } from "./limits.js";
import { MAX_ERROR_CHARS, RUNTIME_FILE, RUNTIME_SOURCE, wrapTopLevel } from "./runtime-source.js";
import { mapStack } from "./source-map.js";
import type { FailureKind, Limits, RunRequest, RunResult, RunStats, Sandbox, TaskTool } from "./types.js";
import { createWatchdog, type Expiry } from "./watchdog.js";

export { DEFAULT_LIMITS };

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
/** ctx.data may take at most this share of the heap cap as JSON text (it is parsed inside). */
const DATA_HEAP_SHARE = 0.25;
/**
 * After a clean result, the isolate must answer a heap query within this time to be reused;
 * one that does not is still running something (a continuation after the result) and is disposed.
 */
const IDLE_PROOF_MS = 250;

type Encoded = { ok: true; json: string | null } | { ok: false; message: string };

function encode(value: unknown): Encoded {
  if (value === undefined) return { ok: true, json: null };
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return { ok: false, message: "not a JSON value" };
    return { ok: true, json };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

interface ToolDescription {
  name: string;
  description: string;
  parameters: unknown;
}

/** What the program sees of the task's tools (`ctx.tools.NAME.description`, `.parameters`). */
function describeTools(tools: Readonly<Record<string, TaskTool>> | undefined): ToolDescription[] {
  if (tools === undefined) return [];
  if (typeof tools !== "object" || tools === null)
    throw new UserError("capabilities.tools must map tool names to { description, run } objects.");
  return Object.keys(tools).map((name) => {
    const tool = tools[name];
    if (typeof tool?.run !== "function" || typeof tool.description !== "string")
      throw new UserError(
        `Task tool ${JSON.stringify(name)} needs a description (string) and a run(args, signal) function.`,
      );
    const parameters = tool.parameters === undefined ? null : encode(tool.parameters);
    if (parameters !== null && !parameters.ok)
      throw new UserError(`Task tool ${JSON.stringify(name)}: parameters must be a JSON schema object.`);
    return { name, description: tool.description, parameters: tool.parameters ?? null };
  });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

type Outcome =
  | { kind: "envelope"; envelope: unknown }
  | { kind: "threw"; error: unknown }
  | { kind: Expiry }
  | { kind: "limit"; message: string };

interface RunState extends CapabilityState {
  logs: string[];
  logChars: number;
  logsTruncated: boolean;
}

/** Heap in MB if the isolate answers in time (it is idle), else undefined; never blocks. */
async function idleHeapMb(isolate: ivm.Isolate): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), IDLE_PROOF_MS);
  });
  try {
    const stats = await Promise.race([isolate.getHeapStatistics().catch(() => undefined), late]);
    return stats === undefined ? undefined : stats.used_heap_size / (1024 * 1024);
  } finally {
    clearTimeout(timer);
  }
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
  const watchdog = createWatchdog();
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
    const toolList = describeTools(request.capabilities?.tools);
    const input = encode(request.input);
    if (!input.ok) throw new UserError(`The run's input must be JSON-serialisable: ${input.message}`);
    const logs: string[] = [];
    const stats = (extra: Partial<RunStats> = {}): RunStats => ({
      wallMs: performance.now() - started,
      cpuMs: 0,
      heapMb: 0,
      toolCalls: 0,
      ...extra,
    });
    // ctx.data comes from the host's own records (summaries, peers): data that cannot go in
    // fails this run only, as a result, so one bad record cannot stop an engine.
    const data = encode(request.capabilities?.data);
    if (!data.ok) {
      return {
        ok: false,
        kind: "data",
        message: `ctx.data cannot be encoded as JSON: ${data.message}`,
        logs,
        stats: stats(),
      };
    }
    const dataLimit = Math.floor(limits.memoryMb * 1024 * 1024 * DATA_HEAP_SHARE);
    if (data.json !== null && data.json.length > dataLimit) {
      return {
        ok: false,
        kind: "data",
        message: `ctx.data is ${data.json.length} characters of JSON, more than a run with memoryMb ${limits.memoryMb} takes (${dataLimit}).`,
        logs,
        stats: stats(),
      };
    }
    const bundle = await bundleProgram(request.files, request.entry);
    if (!bundle.ok) {
      return { ok: false, kind: "error", message: `Bundle failed: ${bundle.message}`, logs, stats: stats() };
    }
    return slots.run(async () => {
      if (disposed)
        return { ok: false, kind: "error", message: "The sandbox was disposed.", logs, stats: stats() };
      return await execute(request, bundle, limits, input.json, data.json, toolList, started);
    });
  }

  async function execute(
    request: RunRequest,
    bundle: BundleSuccess,
    limits: ResolvedLimits,
    inputJson: string | null,
    dataJson: string | null,
    toolList: ToolDescription[],
    started: number,
  ): Promise<RunResult> {
    const state: RunState = {
      ended: false,
      toolCalls: 0,
      inFlight: 0,
      filesInFlight: 0,
      logs: [],
      logChars: 0,
      logsTruncated: false,
    };
    const abort = new AbortController();
    const model: ChatModel | undefined = request.capabilities?.llm;
    const filesCap = request.capabilities?.files;
    const editor: FileEditor | undefined = filesCap
      ? createFileEditor({
          root: filesCap.root,
          maxWriteBytes: limits.maxWriteBytes,
          ...(filesCap.protected === undefined ? {} : { protected: filesCap.protected }),
        })
      : undefined;

    let settle!: (outcome: Outcome) => void;
    const outcomePromise = new Promise<Outcome>((resolve) => {
      settle = resolve;
    });

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

    const lease = pool.take(limits.memoryMb);
    const { isolate } = lease;
    let killedBy: Expiry | "limit" | "sandbox" | undefined;
    /** Disposing only asks V8 to stop and drops the handle: it never waits for the isolate. */
    const kill = (reason: Expiry | "limit" | "sandbox") => {
      killedBy ??= reason;
      pool.discard(lease);
    };
    const watch = watchdog.watch({
      isolate,
      cpuLimitMs: limits.timeoutMs,
      idleLimitMs: limits.timeoutMs,
      wallLimitMs: limits.wallTimeoutMs,
      hostWorking: () => state.filesInFlight > 0,
      onExpire: (expiry) => {
        kill(expiry);
        settle({ kind: expiry });
      },
    });
    const capabilities = createCapabilityHost({
      model,
      editor,
      tools: request.capabilities?.tools,
      maxToolCalls: limits.maxToolCalls,
      maxArgumentChars: limits.maxArgumentChars,
      state,
      signal: abort.signal,
      onLimit: (message) => settle({ kind: "limit", message }),
      onSettled: () => watch.kick(),
    });
    const handle = { kill: () => kill("sandbox") };
    active.add(handle);
    // isolated-vm's timeout only covers the synchronous part of each call; the watchdog covers
    // the rest. Both end at the wall-clock backstop at the latest.
    const wallDeadline = performance.now() + limits.wallTimeoutMs;
    const remaining = () => Math.max(1, Math.ceil(wallDeadline - performance.now()));

    const references: { release(): void }[] = [];
    let context: ivm.Context | undefined;
    /** Until the program's own code starts, a memory failure is ctx.data's doing. */
    let programStarted = false;
    const work = async (): Promise<unknown> => {
      context = await isolate.createContext();
      const jail = context.global;
      const llmRef = new ivm.Reference(capabilities.llm);
      const filesRef = new ivm.Reference(capabilities.files);
      const toolsRef = new ivm.Reference(capabilities.tools);
      references.push(llmRef, filesRef, toolsRef);
      const config = {
        seed: typeof request.seed === "number" && Number.isFinite(request.seed) ? request.seed : null,
        hasLlm: model !== undefined,
        hasFiles: editor !== undefined,
        tools: toolList,
        ctxVersion: CTX_VERSION,
        maxOutputBytes: limits.maxOutputBytes,
        maxArgumentChars: limits.maxArgumentChars,
        maxLogChars,
        maxLogLineChars: MAX_LOG_LINE_CHARS,
      };
      await jail.set("__hv_log", new ivm.Callback(onLog, { ignored: true }));
      await jail.set("__hv_llm", llmRef);
      await jail.set("__hv_files", filesRef);
      await jail.set("__hv_tools", toolsRef);
      await jail.set("__hv_config", JSON.stringify(config));
      await jail.set("__hv_data", dataJson);
      const runtime = await pool.compile(lease, RUNTIME_KEY, RUNTIME_SOURCE, RUNTIME_FILE);
      watch.kick();
      const main = (await runtime.run(context, { reference: true, timeout: remaining() })) as ivm.Reference;
      references.push(main);
      const script = await pool.compile(lease, bundle.hash, wrapTopLevel(bundle.code), BUNDLE_FILE);
      programStarted = true;
      watch.kick();
      await script.run(context, { timeout: remaining() });
      watch.programCalled();
      return main.apply(undefined, ["call", request.export, inputJson ?? undefined], {
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
    watch.stop();
    abort.abort();
    active.delete(handle);

    const cpuMs = watch.cpuMs();
    const result = classify(
      outcome,
      bundle,
      limits,
      killedBy,
      isolate.isDisposed,
      programStarted || dataJson === null,
      cpuMs,
    );
    let heapMb = 0;
    // Never a blocking call on the isolate: it may still be running (a continuation after the
    // result, a getter loop). Only an isolate that answers a query soon is idle and reusable.
    let reusable = false;
    if (outcome.kind === "envelope" && !isolate.isDisposed && state.inFlight === 0) {
      const heap = await idleHeapMb(isolate);
      if (heap !== undefined) {
        heapMb = heap;
        reusable = heap < limits.memoryMb * REUSE_HEAP_SHARE && !isolate.isDisposed;
      }
    }
    if (result.kind === "memory") heapMb = Math.max(heapMb, limits.memoryMb);
    for (const ref of references) {
      try {
        ref.release();
      } catch {
        // Released with the isolate already.
      }
    }
    if (reusable) {
      try {
        context?.release();
        pool.give(lease);
      } catch {
        pool.discard(lease);
      }
    } else if (!isolate.isDisposed) {
      // Disposing tears down the heap (milliseconds); the caller gets its result first. Nothing
      // can reach the host from the isolate meanwhile: the run is marked ended.
      setImmediate(() => kill(outcome.kind === "limit" ? "limit" : "timeout"));
    } else {
      pool.discard(lease);
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

type Classified =
  | { ok: true; value: unknown; kind: "ok" }
  | { ok: false; kind: FailureKind; message: string; stack?: string };

function timedOut(limits: ResolvedLimits): Classified {
  return {
    ok: false,
    kind: "timeout",
    message: `The run exceeded its ${limits.timeoutMs} ms time limit (CPU time, or time spent waiting).`,
  };
}

function starved(limits: ResolvedLimits, cpuMs: number): Classified {
  return {
    ok: false,
    kind: "starved",
    message: `The run was still computing after ${limits.wallTimeoutMs} ms of wall-clock time with only ${Math.round(cpuMs)} ms of its ${limits.timeoutMs} ms CPU limit used: the machine is overloaded. This is not the program's failure.`,
  };
}

function classify(
  outcome: Outcome,
  bundle: BundleSuccess,
  limits: ResolvedLimits,
  killedBy: string | undefined,
  isolateDisposed: boolean,
  programStarted: boolean,
  cpuMs: number,
): Classified {
  const mapped = (stack: string) =>
    mapStack(stack.slice(0, MAX_ERROR_CHARS), BUNDLE_FILE, bundle.map, [RUNTIME_FILE, "<isolated-vm"]);
  switch (outcome.kind) {
    case "timeout":
      return timedOut(limits);
    case "starved":
      return starved(limits, cpuMs);
    case "limit":
      return { ok: false, kind: "limit", message: outcome.message };
    case "threw": {
      const message = messageOf(outcome.error);
      if (killedBy === "sandbox")
        return { ok: false, kind: "error", message: "The sandbox was disposed during the run." };
      if (/memory limit|allocation failed|out of memory/i.test(message) || (isolateDisposed && !killedBy)) {
        if (!programStarted)
          return {
            ok: false,
            kind: "data",
            message: `ctx.data does not fit in the isolate's ${limits.memoryMb} MB heap.`,
          };
        return {
          ok: false,
          kind: "memory",
          message: `The program exceeded its ${limits.memoryMb} MB heap limit.`,
        };
      }
      // isolated-vm's own timeout is set to the wall-clock backstop.
      if (/Script execution timed out/.test(message))
        return cpuMs < limits.timeoutMs ? starved(limits, cpuMs) : timedOut(limits);
      // Not the program's code (its throws come back described by the runtime): isolated-vm's.
      const stack =
        outcome.error instanceof Error && typeof outcome.error.stack === "string" ? outcome.error.stack : "";
      const mappedStack = stack ? mapped(stack) : undefined;
      const failure: Classified = {
        ok: false,
        kind: "error",
        message: `${(outcome.error as Error)?.name ?? "Error"}: ${message}`.slice(0, MAX_ERROR_CHARS),
      };
      if (mappedStack) failure.stack = mappedStack;
      return failure;
    }
    case "envelope":
      return parseEnvelope(outcome.envelope, limits, mapped);
  }
}

function parseEnvelope(envelope: unknown, limits: ResolvedLimits, mapped: (s: string) => string): Classified {
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
    typeof detail.message === "string" ? detail.message.slice(0, MAX_ERROR_CHARS) : "(no message)";
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
