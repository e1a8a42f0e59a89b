/** The run's first node: the initial program, checked and evaluated on the full selection split. */
import { checkProgram, HYPERAGENT_CONTRACT } from "../../sandbox/index.js";
import { UserError } from "../errors.js";
import { type Engine, evaluationEnv } from "./engine.js";
import { stagedEvaluation } from "./evaluate.js";

/** Records the initial node; false when the run was stopped first (it stays pending). */
export async function evaluateInitial(engine: Engine): Promise<boolean> {
  const { store } = engine;
  store.insertPendingNode({ id: "initial", parentId: null, generation: 0, slot: 0, createdBy: null });
  const files = await engine.programs.readFiles("initial");
  const tree = await engine.programs.treeOf("initial");
  const verdict = await checkProgram(files, HYPERAGENT_CONTRACT);
  if (!verdict.ok) {
    store.finishNode("initial", {
      status: "invalid",
      rejectStage: "compile",
      rejectReason: verdict.message,
      tree,
    });
    throw new UserError(`the initial program does not compile: ${verdict.message}`);
  }
  const started = performance.now();
  let fatal: unknown;
  // The initial program is always evaluated on the full selection split (threshold below any score).
  const result = await stagedEvaluation(
    files,
    engine.tasks,
    { nodeId: "initial", stageSize: engine.config.stageSize, stageThreshold: Number.NEGATIVE_INFINITY },
    evaluationEnv(engine, "initial", { onFatal: (error) => (fatal ??= error) }),
  );
  // A bad key or a replay miss shows at the first model call: stop before any child is made.
  if (fatal) throw fatal;
  if (engine.signal?.aborted) return false;
  store.finishNode("initial", {
    status: "valid",
    tree,
    compiled: true,
    score: result.score,
    evalMs: performance.now() - started,
    scores: result.scores,
    evaluations: result.evaluations,
  });
  engine.emit({
    type: "child-evaluated",
    generation: 0,
    nodeId: "initial",
    parentId: "",
    score: result.score,
    scores: result.selectionScores,
    stage: result.stage,
  });
  return true;
}
