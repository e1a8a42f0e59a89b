/**
 * The sandbox contract: run one entry point of an untrusted program with input, capabilities
 * and limits, and get back a value or a typed failure. A candidate's failure is a result,
 * never an exception in the host.
 */
import type { ChatModel } from "../sdk/llm/types.js";

export interface Limits {
  /** Wall-clock limit for the whole run, async work included. */
  timeoutMs: number;
  /** Hard heap cap of the isolate. */
  memoryMb: number;
  /** Capability calls (llm, files) allowed in one run. */
  maxToolCalls?: number;
  /** Largest serialised return value. */
  maxOutputBytes?: number;
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

export type FailureKind = "timeout" | "memory" | "error" | "invalid-export" | "invalid-output" | "limit";

export type RunResult =
  | { ok: true; value: unknown; logs: string[]; stats: RunStats }
  | { ok: false; kind: FailureKind; message: string; stack?: string; logs: string[]; stats: RunStats };

export interface Sandbox {
  run(request: RunRequest): Promise<RunResult>;
  dispose(): Promise<void>;
}
