// The program store: every archive node's program as a commit in the run's bare program.git.
export { assertNodeId } from "./node-id.js";
export { openProgramStore } from "./store.js";
export type {
  ChildCommit,
  CommitChildInfo,
  InitOptions,
  NodeCommit,
  ProgramStore,
  ProgramStoreOptions,
  ReadFilesOptions,
  SkipReason,
} from "./types.js";
