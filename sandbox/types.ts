/**
 * The sandbox contract: run one entry point of an untrusted program with input, capabilities
 * and limits, and get back a value or a typed failure. A candidate's failure is a result,
 * never an exception in the host.
 */
import type { ChatModel, JSONSchema } from "../sdk/llm/types.js";
import type { JsonValue } from "./ctx-contract.js";

/**
 * A host function a task hands its agent, reached as `await ctx.tools.NAME(args)`. It runs on
 * the host with the host's power: tasks define tools, programs only call them. JSON in, JSON out.
 */
export interface TaskTool {
  /** Shown to the program (`ctx.tools.NAME.description`), e.g. for a scaffold to show a model. */
  description: string;
  /** JSON Schema of `args`, shown to the program as `ctx.tools.NAME.parameters`. */
  parameters?: JSONSchema;
  /**
   * Runs one call. `signal` is aborted when the run ends (result, timeout, limit): a slow tool
   * should stop then. A throw reaches the program as a thrown Error with its message.
   */
  run(args: JsonValue, signal: AbortSignal): Promise<JsonValue>;
}

export interface Limits {
  /**
   * The run's time limit. It bounds the isolate's CPU time (so a loaded machine does not change
   * a program's verdict), and the wall-clock time the program spends waiting (on capability
   * calls, or on a promise nothing will settle). Past it the run ends as `timeout`.
   */
  timeoutMs: number;
  /**
   * Wall-clock backstop for a run that is still computing but was not given CPU (a loaded
   * machine). Default 3 × timeoutMs + 2 000. A run that reaches it with its CPU time under
   * `timeoutMs` ends as `starved`, not as `timeout`.
   */
  wallTimeoutMs?: number;
  /** Hard heap cap of the isolate. */
  memoryMb: number;
  /** Capability calls (llm, files, tools) allowed in one run. */
  maxToolCalls?: number;
  /** Largest serialised return value. */
  maxOutputBytes?: number;
  /**
   * Largest argument of one capability call, as JSON characters (default 4 Mi). Checked inside
   * the isolate before anything crosses, and again in the host before parsing. A larger
   * `ctx.llm.generate` request or `ctx.tools` call throws in the program; a larger `ctx.files`
   * call returns an "Error: …" string. A task tool's result is held to the same bound.
   */
  maxArgumentChars?: number;
  /**
   * Bytes a run may write through `ctx.files` in all (default 16 MB, UTF-8, every create,
   * strReplace, insert and undo counted by the size of the file it writes). A write past the
   * budget is refused with an "Error: …" string; the run goes on.
   */
  maxWriteBytes?: number;
}

/** A scoped editor over one folder, exposed to the program as `ctx.files`. */
export interface FilesCapability {
  /** Absolute path of the folder the program may edit (its worktree). */
  root: string;
  /** Paths relative to root (files or folders) that are read-only. */
  protected?: string[];
}

/**
 * Host functions a program may call. They are passed by reference: the program gets async
 * proxies, never the host's objects.
 */
export interface Capabilities {
  /** `ctx.llm.generate(request)`; the host meters it; the program never sees a key or URL. */
  llm?: ChatModel;
  /** `ctx.files`: list, view, create, strReplace, insert, undo. */
  files?: FilesCapability;
  /** Plain JSON copied into the isolate as `ctx.data` (read-only task data, summaries). */
  data?: unknown;
  /** The task's tools, by name: `ctx.tools.NAME(args)` (see TaskTool). */
  tools?: Readonly<Record<string, TaskTool>>;
}

export interface RunRequest {
  /** Path -> TypeScript/JavaScript source. */
  files: Record<string, string>;
  /** e.g. "task_agent.ts". */
  entry: string;
  /** e.g. "solve". */
  export: string;
  /** JSON-serialisable; the first argument of the exported function. */
  input: unknown;
  capabilities?: Capabilities;
  limits?: Partial<Limits>;
  /** Seeds `Math.random` for this run. */
  seed?: number;
}

export interface RunStats {
  wallMs: number;
  cpuMs: number;
  heapMb: number;
  toolCalls: number;
}

/**
 * Why a run failed. Every kind is the program's doing except two:
 * - `starved`: the run reached the wall-clock backstop (`wallTimeoutMs`) while still computing
 *   with its CPU time under `timeoutMs`: the machine did not give it CPU. Not the program's
 *   fault; retry it on a quieter machine or count it as not run, never as a score.
 * - `data`: the host's `ctx.data` could not be encoded as JSON or does not fit in the isolate;
 *   the program never ran. It fails that run only.
 */
export type FailureKind =
  | "timeout"
  | "memory"
  | "error"
  | "invalid-export"
  | "invalid-output"
  | "limit"
  | "starved"
  | "data";

/** Failure kinds that say nothing about the program (see FailureKind). */
export const NOT_THE_PROGRAMS_FAULT: readonly FailureKind[] = ["starved", "data"];

export type RunResult =
  | { ok: true; value: unknown; logs: string[]; stats: RunStats }
  | { ok: false; kind: FailureKind; message: string; stack?: string; logs: string[]; stats: RunStats };

export interface Sandbox {
  run(request: RunRequest): Promise<RunResult>;
  dispose(): Promise<void>;
}
