/**
 * One child attempt: the parent's meta agent edits a copy of its program, then the gates in
 * order (meta finished, the worktree commits, non-empty diff, not a duplicate, compiles) and
 * staged evaluation. Each phase returns the child's outcome when it ends the attempt.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkProgram, HYPERAGENT_CONTRACT, NOT_THE_PROGRAMS_FAULT } from "../../sandbox/index.js";
import { deriveSeed } from "../internal/random.js";
import { BudgetExceededError } from "../llm/errors.js";
import type { RunStore } from "../store/run-store.js";
import { type CommitTurn, commitTurns } from "./commit-turns.js";
import { diagnose } from "./diagnose.js";
import { type Engine, evaluationEnv, nodeIdOf } from "./engine.js";
import { stagedEvaluation } from "./evaluate.js";
import type { RejectStage } from "./events.js";
import { metaData } from "./meta-data.js";
import { runMetaAgent, runMetaAgentRemotely } from "./meta-step.js";
import { meteredModel, type TranscriptEntry } from "./metered-model.js";

const MACHINE_FAULTS = new Set(["ENOSPC", "EIO", "EROFS", "EACCES", "EPERM", "EMFILE", "ENFILE", "EDQUOT"]);

function isMachineFault(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code && MACHINE_FAULTS.has(code)) return true;
  }
  return false;
}

/** "aborted": the run was stopped while this child was in flight; it stays pending and reruns on resume. */
export type ChildOutcome = "valid" | "invalid" | "budget" | "aborted";

/**
 * Thrown inside runChild once the run's signal has fired: whatever the child's outcome would be
 * now, it is not recorded. A stop (Ctrl-C also stops esbuild's service in the same process group)
 * must never be recorded as the program's failure.
 */
const ABANDONED = Symbol("abandoned");

/** One child's state across its phases: ids, what failed it (and whom to blame), how to reject it. */
interface Attempt {
  engine: Engine;
  generation: number;
  nodeId: string;
  parentId: string;
  nodeDir: string;
  transcript: TranscriptEntry[];
  /** Set when the metered model refused a call: the budget, not the agent, failed this child. */
  refused: boolean;
  /** A failure no agent can work around (bad key, replay miss): the run stops, the node stays pending. */
  fatal: unknown;
  hooks: { onRefused: () => void; onFatal: (error: unknown) => void };
  reject: (stage: RejectStage, reason: string, extra?: Parameters<RunStore["finishNode"]>[1]) => ChildOutcome;
}

function startAttempt(engine: Engine, generation: number, slot: number, parentId: string): Attempt {
  const nodeId = nodeIdOf(generation, slot);
  // Baselines that never change the meta level run the initial program's meta agent instead.
  const createdBy = engine.baseline.metaAgent === "initial" ? "initial" : parentId;
  engine.store.insertPendingNode({ id: nodeId, parentId, generation, slot, createdBy });
  const nodeDir = join(engine.runDir, "nodes", nodeId);
  mkdirSync(nodeDir, { recursive: true });
  const attempt: Attempt = {
    engine,
    generation,
    nodeId,
    parentId,
    nodeDir,
    transcript: [],
    refused: false,
    fatal: undefined,
    hooks: {
      onRefused: () => {
        attempt.refused = true;
      },
      onFatal: (error) => {
        attempt.fatal ??= error;
      },
    },
    reject: (stage, reason, extra = { status: "invalid" }) => {
      if (engine.signal?.aborted) throw ABANDONED;
      engine.store.finishNode(nodeId, {
        ...extra,
        status: "invalid",
        rejectStage: stage,
        rejectReason: reason,
      });
      engine.emit({ type: "child-rejected", generation, nodeId, parentId, stage, reason });
      return stage === "budget" ? "budget" : "invalid";
    },
  };
  return attempt;
}

export async function runChild(
  engine: Engine,
  generation: number,
  slot: number,
  parentId: string,
  turn: CommitTurn = { wait: Promise.resolve(), done: () => undefined },
): Promise<ChildOutcome> {
  const attempt = startAttempt(engine, generation, slot, parentId);
  const worktree = await engine.programs.checkout(parentId);
  try {
    const meta = await metaStep(attempt, worktree);
    if (typeof meta === "string") return meta;
    await turn.wait;
    const committed = await commitStep(attempt, worktree, turn, meta.metaMs);
    if (typeof committed === "string") return committed;
    return await evaluateStep(attempt, committed, meta.summary);
  } catch (error) {
    // After a stop, any failure may be the stop's doing: the node stays pending for the resume.
    if (error === ABANDONED || engine.signal?.aborted) {
      engine.emit({ type: "child-abandoned", generation, nodeId: attempt.nodeId, parentId });
      return "aborted";
    }
    if (BudgetExceededError.isInstance(error)) return attempt.reject("budget", error.message);
    // Anything else is our bug or an I/O failure: leave the node pending so a resume retries it.
    throw error;
  } finally {
    // A child that stopped before its commit (meta failure, empty diff) still passes the turn on.
    turn.done();
    await engine.programs.release(worktree);
  }
}

/** The parent's own meta agent (or the initial one, for the frozen-meta baselines) edits the worktree. */
async function metaStep(
  attempt: Attempt,
  worktree: string,
): Promise<ChildOutcome | { metaMs: number; summary: string }> {
  const { engine, nodeId, parentId } = attempt;
  const { store, config } = engine;
  const metaFiles =
    engine.baseline.metaAgent === "initial" ? engine.initialFiles : await engine.programs.readFiles(parentId);
  const metaStarted = performance.now();
  const data = await metaData(engine, nodeId, parentId, attempt.generation);
  if (engine.baseline.diagnose)
    data.instruction = await diagnose(engine, nodeId, parentId, attempt.hooks.onRefused);
  const meta = await engine.limiter.run(async () =>
    engine.remoteMeta
      ? runMetaAgentRemotely({
          runner: engine.remoteMeta,
          nodeId,
          files: metaFiles,
          parentFiles: await engine.programs.readFiles(parentId),
          worktree,
          data,
          limits: config.limits.meta,
          seed: deriveSeed(config.seed, "meta", nodeId),
          transcript: attempt.transcript,
          hooks: attempt.hooks,
        })
      : runMetaAgent({
          sandbox: engine.sandbox,
          files: metaFiles,
          worktree,
          model: meteredModel(engine.metaModel, {
            store,
            nodeId,
            role: "meta",
            budgetUsd: config.budgetUsd,
            transcript: attempt.transcript,
            ...attempt.hooks,
          }),
          data,
          limits: config.limits.meta,
          seed: deriveSeed(config.seed, "meta", nodeId),
        }),
  );
  const metaMs = performance.now() - metaStarted;
  if (attempt.fatal) throw attempt.fatal;
  writeFileSync(join(attempt.nodeDir, "meta.log"), meta.logs.join("\n"));
  if (attempt.transcript.length > 0)
    writeFileSync(join(attempt.nodeDir, "transcript.json"), JSON.stringify(attempt.transcript, null, 1));
  if (meta.ok) return { metaMs, summary: typeof meta.value === "string" ? meta.value.slice(0, 2000) : "" };
  if (attempt.refused) {
    return attempt.reject("budget", `the run's budget ran out during the meta step: ${meta.message}`, {
      status: "invalid",
      metaMs,
    });
  }
  if (engine.signal?.aborted) throw ABANDONED;
  if (NOT_THE_PROGRAMS_FAULT.includes(meta.kind)) {
    // The machine starved the run, or the host's ctx.data could not go in: the parent keeps its
    // standing, and the child is recorded as the machine's failure, never the program's.
    return attempt.reject("machine", `${meta.kind}: ${meta.message}`, { status: "invalid", metaMs });
  }
  // DGM-H: a parent whose meta agent fails is not selected again.
  store.markUnselectable(parentId);
  return attempt.reject("meta", `${meta.kind}: ${meta.message}`, { status: "invalid", metaMs });
}

interface Committed {
  files: Record<string, string>;
  base: { status: "invalid"; commit: string; tree: string; metaMs: number; diffLines: number };
}

/** The gates after the meta step: the worktree commits, is not empty, is no duplicate, compiles. */
async function commitStep(
  attempt: Attempt,
  worktree: string,
  turn: CommitTurn,
  metaMs: number,
): Promise<ChildOutcome | Committed> {
  const { engine, nodeId, parentId, generation } = attempt;
  const { store, programs } = engine;
  let child: Awaited<ReturnType<typeof programs.commitChild>>;
  try {
    child = await programs.commitChild(worktree, {
      nodeId,
      parentId,
      message: `${nodeId}: child of ${parentId} (generation ${generation})`,
    });
  } catch (error) {
    // The machine's fault (disk full, read-only folder) stops the run; anything else is what
    // the meta agent left in its worktree, and fails this child only.
    if (isMachineFault(error)) throw error;
    const reason = `the worktree could not be committed: ${(error as Error).message ?? String(error)}`;
    return attempt.reject("commit", reason, { status: "invalid", metaMs });
  }
  writeFileSync(join(attempt.nodeDir, "diff.patch"), child.diff);
  const diffLines = child.diff.split("\n").filter((line) => /^[+-](?![+-])/.test(line)).length;
  const base = { status: "invalid" as const, commit: child.commit, tree: child.tree, metaMs, diffLines };
  // An empty child has no commit of its own (the store made none), so none is recorded.
  if (child.empty)
    return attempt.reject("empty-diff", "the meta agent changed nothing", {
      status: "invalid",
      metaMs,
      diffLines: 0,
    });
  engine.emit({ type: "child-created", generation, nodeId, parentId, diffLines });

  // No await between the look-up and the write: children of one generation cannot both miss each other.
  const twin = store.nodes().find((node) => node.id !== nodeId && node.tree === child.tree);
  store.setCommit(nodeId, child.commit, child.tree);
  turn.done();
  if (twin) {
    return attempt.reject("duplicate", `identical program to ${twin.id}; not evaluated again`, {
      ...base,
      duplicateOf: twin.id,
    });
  }
  const files = await programs.readFiles(nodeId);
  let verdict = await checkProgram(files, HYPERAGENT_CONTRACT);
  // A gate starved of CPU says nothing about the program: check once more before judging.
  if (!verdict.ok && verdict.starved) verdict = await checkProgram(files, HYPERAGENT_CONTRACT);
  if (!verdict.ok && verdict.starved)
    return attempt.reject("machine", `compile gate starved of CPU: ${verdict.message}`, base);
  if (!verdict.ok) {
    const where = verdict.file ? ` (${verdict.file}${verdict.line ? `:${verdict.line}` : ""})` : "";
    return attempt.reject("compile", `${verdict.stage}: ${verdict.message}${where}`, base);
  }
  return { files, base };
}

/** Staged evaluation, then the node's record. */
async function evaluateStep(attempt: Attempt, committed: Committed, summary: string): Promise<ChildOutcome> {
  const { engine, nodeId, parentId, generation } = attempt;
  const { config } = engine;
  const evalStarted = performance.now();
  const result = await stagedEvaluation(
    committed.files,
    engine.tasks,
    { nodeId, stageSize: config.stageSize, stageThreshold: config.stageThreshold },
    evaluationEnv(engine, nodeId, attempt.hooks),
  );
  const evalMs = performance.now() - evalStarted;
  if (attempt.fatal) throw attempt.fatal;
  if (attempt.refused) {
    return attempt.reject("budget", "the run's budget ran out during evaluation", {
      ...committed.base,
      compiled: true,
      evalMs,
    });
  }
  if (engine.signal?.aborted) throw ABANDONED;
  engine.store.finishNode(nodeId, {
    ...committed.base,
    status: "valid",
    compiled: true,
    score: result.score,
    evalMs,
    scores: result.scores,
    evaluations: result.evaluations,
    summary,
  });
  engine.emit({
    type: "child-evaluated",
    generation,
    nodeId,
    parentId,
    score: result.score,
    scores: result.selectionScores,
    stage: result.stage,
  });
  return "valid";
}

export type { MetaData } from "./meta-data.js";
export { type CommitTurn, commitTurns };
