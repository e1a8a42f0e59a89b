/** The typed events a run emits (and stores in run.sqlite's events table). */

export type EvolveEvent =
  | { type: "run-start"; runDir: string; resumed: boolean; generations: number; fromGeneration: number }
  | { type: "generation-start"; generation: number; parents: string[] }
  /**
   * The usual parent choice was not possible: a program's select_parent.ts failed (the run's
   * policy chose instead), or no node was eligible (the initial program was used).
   */
  | { type: "selection-fallback"; generation: number; slot: number; reason: string }
  | { type: "child-created"; generation: number; nodeId: string; parentId: string; diffLines: number }
  /** The run was stopped while this child was in flight: not recorded, it reruns on resume. */
  | { type: "child-abandoned"; generation: number; nodeId: string; parentId: string }
  | {
      type: "child-rejected";
      generation: number;
      nodeId: string;
      parentId: string;
      stage: RejectStage;
      reason: string;
    }
  | {
      type: "child-evaluated";
      generation: number;
      nodeId: string;
      parentId: string;
      score: number;
      scores: Record<string, number>;
      stage: "sample" | "full";
    }
  | {
      type: "generation-end";
      generation: number;
      archiveSize: number;
      validCount: number;
      bestNodeId: string | null;
      bestScore: number | null;
      costUsd: number;
      elapsedMs: number;
    }
  | {
      type: "run-end";
      reason: "done" | "budget" | "aborted" | "condition";
      bestNodeId: string | null;
      bestScore: number | null;
      testScores: Record<string, number>;
      costUsd: number;
      runDir: string;
    };

/**
 * Where a child failed, in gate order. "machine": the machine failed it (a starved run, ctx.data
 * that could not go in), not its program; its parent keeps its standing.
 */
export type RejectStage =
  | "machine"
  | "meta"
  | "commit"
  | "empty-diff"
  | "duplicate"
  | "compile"
  | "evaluation"
  | "budget";

export type EvolveEventType = EvolveEvent["type"];
