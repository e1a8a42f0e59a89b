/**
 * Running a program's meta agent exactly as the engine does: `improve(ctx)` in the sandbox, with
 * `ctx.files` over a worktree, `ctx.llm` forwarding to a host model, and `ctx.data`. Exported so
 * users can test their own meta agents (with `scriptedModel` from hyperagents/testing).
 */
import type { Limits, RunResult, Sandbox } from "../../sandbox/types.js";
import type { ChatModel } from "../llm/types.js";
import { META_ENTRY_FILE, withMetaEntry } from "./agents.js";

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
