/** The AIRS solution runner and the runtime a solution imports as "hyperagents/solution". */
export { findTable, readTable, type TableFormat } from "./read-table.js";
export {
  BUNDLE_NAME,
  DEFAULT_EXTRA_MEMORY_MB,
  DEFAULT_HEAP_MB,
  type RunSolutionOptions,
  runSolution,
  type SolutionRunResult,
  TAIL_BYTES,
} from "./run-solution.js";
export {
  csvCell,
  hasSplit,
  loadTf,
  type Row,
  readSplit,
  runSeed,
  type SolutionSplit,
  writeSubmission,
} from "./runtime.js";
export type { SolutionSource } from "./solution-bundle.js";
export { VISIBLE_SPLITS } from "./work-folder.js";
