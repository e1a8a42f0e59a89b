/**
 * Running a program's meta agent exactly as the engine does: `improve(ctx)` in the sandbox, with
 * `ctx.files` over a worktree, `ctx.llm` forwarding to a host model, and `ctx.data`. Exported so
 * users can test their own meta agents (with `scriptedModel` from hyperagents/testing).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import type { Limits, RunResult, Sandbox } from "../../sandbox/types.js";
import { SystemError, UserError } from "../errors.js";
import type { ChatModel } from "../llm/types.js";
import type { RemoteExecutor } from "../queue/remote-executor.js";
import { META_ENTRY_FILE, withMetaEntry } from "./agents.js";
import type { TranscriptEntry } from "./metered-model.js";

export interface MetaStepOptions {
  sandbox: Sandbox;
  /** The program whose meta agent runs (path -> source). */
  files: Record<string, string>;
  /** The folder `ctx.files` edits: a copy of the program (a worktree, in a run). */
  worktree: string;
  model: ChatModel;
  /** What the meta agent reads as `ctx.data`. */
  data: unknown;
  limits?: Partial<Limits>;
  seed?: number;
}

export function runMetaAgent(options: MetaStepOptions): Promise<RunResult> {
  return options.sandbox.run({
    files: withMetaEntry(options.files),
    entry: META_ENTRY_FILE,
    export: "run",
    input: null,
    capabilities: { llm: options.model, files: { root: options.worktree }, data: options.data },
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
}

export interface RemoteMetaStepOptions {
  runner: Pick<RemoteExecutor, "runMeta">;
  nodeId: string;
  /** The program whose meta agent runs. */
  files: Record<string, string>;
  /** The program the worktree holds (the parent's): the worker edits a copy of it. */
  parentFiles: Record<string, string>;
  worktree: string;
  data: unknown;
  limits: Partial<Limits>;
  seed: number;
  transcript: TranscriptEntry[];
  hooks: { onRefused: () => void; onFatal: (error: unknown) => void };
}

/**
 * The meta step on a worker (`--remote-meta`): the same entry and `ctx`, run on a copy of the
 * parent's program there; the files it changed are written into this worktree, so the owner
 * commits, gates and records as it does for a local step. Model calls are already in the ledger.
 */
export async function runMetaAgentRemotely(options: RemoteMetaStepOptions): Promise<RunResult> {
  const result = await options.runner.runMeta({
    nodeId: options.nodeId,
    metaFiles: withMetaEntry(options.files),
    entry: META_ENTRY_FILE,
    export: "run",
    parentFiles: options.parentFiles,
    data: options.data,
    seed: options.seed,
    limits: options.limits,
  });
  for (const [path, content] of Object.entries(result.changes)) {
    const parts = path.split("/");
    if (isAbsolute(path) || parts.includes("..") || parts[0] === ".git")
      throw new SystemError(`a worker's meta step returned a path outside the program: ${path}`);
    const target = join(options.worktree, path);
    if (content === null) rmSync(target, { force: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
  options.transcript.push(...(result.transcript as TranscriptEntry[]));
  if (result.refused) options.hooks.onRefused();
  if (result.fatal !== null)
    options.hooks.onFatal(new UserError(`a model call on worker ${result.worker} failed: ${result.fatal}`));
  return result.run;
}
