/** hyperagents/sandbox: run untrusted hyperagent programs in isolated-vm, and gate them before they run. */
export type { BundleResult } from "./bundle.js";
export { bundleProgram, clearBundleCache } from "./bundle.js";
export type { CheckOptions, ProgramContract, Verdict } from "./check-program.js";
export { checkProgram, HYPERAGENT_CONTRACT } from "./check-program.js";
export type { SandboxOptions } from "./create-sandbox.js";
export { createSandbox, DEFAULT_LIMITS } from "./create-sandbox.js";
export type { MetaAgentContext, TaskAgentContext, TaskToolProxy, TaskTools } from "./ctx-contract.js";
export { CTX_VERSION } from "./ctx-contract.js";
export type { FileEditor, FileEditorOptions } from "./file-editor.js";
export { createFileEditor, EDITOR_ERROR_PREFIX, isEditorError } from "./file-editor.js";
export type {
  Capabilities,
  FailureKind,
  FilesCapability,
  Limits,
  RunRequest,
  RunResult,
  RunStats,
  Sandbox,
  TaskTool,
} from "./types.js";
export { NOT_THE_PROGRAMS_FAULT } from "./types.js";
