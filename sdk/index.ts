// The public API of `hyperagents`. Everything not exported here (or from another entry point
// named in package.json "exports") is internal.

// Evaluation outside a run.
export { type EvalTable, evalTable, readEvalLogs } from "../evals/aggregate.js";
export { evaluateProgram, type ProgramEvaluation } from "../evals/evaluate-program.js";
export { EVAL_LOG_VERSION, type EvalLog, readEvalLog, type SampleRecord } from "../evals/log.js";
export { readProgramFolder } from "../evals/read-program.js";
export { type EvaluateModelsOptions, evaluateModels, type ModelsEvaluation } from "../evals/run-eval.js";
export { renderEvalView } from "../evals/view.js";
export type * from "../tasks/task.js";
export { bestNode, eligibleParents, growthScore, lineage } from "./archive/archive.js";
// The archive and parent selection.
export {
  type ArchiveEntry,
  bestPolicy,
  latestPolicy,
  randomPolicy,
  resolveSelectionPolicy,
  type ScoreChildPropOptions,
  type SelectionPolicy,
  type SelectionPolicyName,
  scoreChildProp,
  selectionPolicies,
  selectParents,
} from "./archive/selection.js";
export * from "./errors.js";
export { SHIPPED_AGENTS } from "./evolve/agents.js";
export { BASELINE_NAMES, type BaselinePreset, resolveBaseline } from "./evolve/baselines.js";
export { evaluateSplit, selectionSplit, stagedEvaluation } from "./evolve/evaluate.js";
export type { EvolveEvent, EvolveEventType, RejectStage } from "./evolve/events.js";
// The DGM-H engine.
export { type EvolveOptions, evolve, type RunSummary } from "./evolve/evolve.js";
export { type ImpAtKOptions, type ImpAtKResult, improvementAtK } from "./evolve/impk.js";
export { type MetaStepOptions, runMetaAgent } from "./evolve/meta-step.js";
export { type BaselineName, type RunConfig, readRunConfig } from "./evolve/run-config.js";
export { RunStoppedError, type RunStoppedInfo } from "./evolve/run-stopped.js";
export {
  aborted,
  budgetSpent,
  maxGenerations,
  type RunProgress,
  type Stop,
  type StopCondition,
  type StopReason,
  scoreReached,
} from "./evolve/stop.js";
export { bootstrapMedian, meanInterval, meanWithError, median, pairedDifference } from "./internal/stats.js";
export * from "./llm/index.js";
export {
  type ChildCommit,
  type CommitChildInfo,
  type NodeCommit,
  openProgramStore,
  type ProgramStore,
  type ProgramStoreOptions,
} from "./program/index.js";
// Reports.
export { type ReportFiles, type WriteReportOptions, writeReport } from "./report/index.js";
// Persisted state.
export { type NodeRecord, openRunStore, type RunStore, type ScoreRecord } from "./store/run-store.js";
