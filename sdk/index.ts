// The public API of `hyperagents`. Everything not exported here (or from another entry point
// named in package.json "exports") is internal.

export type * from "../tasks/task.js";
export * from "./errors.js";
export type * from "./llm/types.js";
