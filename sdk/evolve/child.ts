/**
 * One child attempt: the parent's meta agent edits a copy of its program, then the gates in
 * order (meta finished, non-empty diff, not a duplicate, compiles) and staged evaluation.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkProgram, HYPERAGENT_CONTRACT } from "../../sandbox/index.js";
import { lineage } from "../archive/archive.js";
import { deriveSeed } from "../archive/random.js";
import type { RunStore } from "../store/run-store.js";
import { diagnose } from "./diagnose.js";
import { type Engine, evaluationEnv, nodeIdOf } from "./engine.js";
import { stagedEvaluation } from "./evaluate.js";
import type { RejectStage } from "./events.js";
import { runMetaAgent } from "./meta-step.js";
import { meteredModel, RunBudgetExhaustedError, type TranscriptEntry } from "./metered-model.js";
import { capPeerFiles } from "./peer-files.js";

/** What a meta agent reads as `ctx.data` (see docs/agents.md). */
export interface MetaData {
  nodeId: string;
  parentId: string;
  generation: number;
  iterationsLeft: number;
  tasks: { id: string; description: string }[];
  evaluations: unknown[];
  peers: { nodeId: string; score: number | null; files: Record<string, string> }[];
  /** The `dgm` baselines' problem statement for the coding (meta) agent. */
  instruction?: string;
}

const MAX_PEERS = 3;

/** What the meta agent may read: its lineage's train-split results and a few peers to recombine with. */
async function metaData(engine: Engine, nodeId: string, parentId: string, generation: number) {
  // Only earlier generations: siblings finishing first must not change what this child sees,
  // or a replayed run would diverge from the recorded one.
  const nodes = engine.store.nodes().filter((node) => node.generation < generation);
  const chain = lineage(nodes, parentId).slice(0, 5);
  const evaluations = chain.flatMap((node) =>
    engine.tasks.map((task) => {
      const instances = engine.store.evaluations(node.id, "train").filter((e) => e.taskId === task.id);
      const score = engine.store.scores(node.id).find((s) => s.taskId === task.id && s.split === "train");
      return {
        nodeId: node.id,
        taskId: task.id,
        split: "train",
        score: score?.score ?? null,
        instances: instances.slice(0, 20).map((e) => ({
          id: e.instanceId,
          score: e.score,
          ...(e.error ? { error: e.error.slice(0, 500) } : {}),
          ...(e.details === undefined ? {} : { details: clip(e.details) }),
        })),
      };
    }),
  );
  const peerIds = engine.baseline
    .peerPool(nodes, parentId)
    .filter((node) => node.status === "valid" && node.id !== parentId && node.score !== null)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .slice(0, MAX_PEERS);
  const parentPaths =
    peerIds.length > 0 ? new Set(Object.keys(await engine.programs.readFiles(parentId))) : undefined;
  const peers = await Promise.all(
    peerIds.map(async (node) => ({
      nodeId: node.id,
      score: node.score,
      files: capPeerFiles(await engine.programs.readFiles(node.id), parentPaths),
    })),
  );
  const data: MetaData = {
    nodeId,
    parentId,
    generation,
    iterationsLeft: engine.config.generations - generation,
    tasks: engine.tasks.map((task) => ({ id: task.id, description: task.description })),
    evaluations,
    peers,
  };
  return data;
}

/** Keeps evaluation details that go into a meta agent's context small. */
function clip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text.length <= 2000 ? value : `${text.slice(0, 2000)}…`;
}

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

/**
 * Orders the children of one generation at the duplicate check: child k commits after child
 * k − 1, so which of two identical children counts as the duplicate never depends on timing.
 */
export interface CommitTurn {
  /** Resolves when the previous child has committed (or given up). */
  wait: Promise<void>;
  /** Lets the next child commit; safe to call more than once. */
  done: () => void;
}

export function commitTurns(count: number): CommitTurn[] {
  const turns: CommitTurn[] = [];
  let previous: Promise<void> = Promise.resolve();
  for (let i = 0; i < count; i++) {
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    turns.push({ wait: previous, done });
    previous = mine;
  }
  return turns;
}

export async function runChild(
  engine: Engine,
  generation: number,
  slot: number,
  parentId: string,
  turn: CommitTurn = { wait: Promise.resolve(), done: () => undefined },
): Promise<ChildOutcome> {
  const { store, programs, config } = engine;
  const nodeId = nodeIdOf(generation, slot);
  // Baselines that never change the meta level run the initial program's meta agent instead.
  const fixedMeta = engine.baseline.metaAgent === "initial";
  store.insertPendingNode({
    id: nodeId,
    parentId,
    generation,
    slot,
    createdBy: fixedMeta ? "initial" : parentId,
  });
  const nodeDir = join(engine.runDir, "nodes", nodeId);
  mkdirSync(nodeDir, { recursive: true });
  const transcript: TranscriptEntry[] = [];
  // Set when the metered model refused a call: the budget, not the agent, failed this child.
  let refused = false;
  const onRefused = () => {
    refused = true;
  };
  // Set by a failure no agent can work around (bad key, replay miss): the run stops, the node
  // stays pending and a resume retries it.
  let fatal: unknown;
  const onFatal = (error: unknown) => {
    fatal ??= error;
  };
  const reject = (
    stage: RejectStage,
    reason: string,
    extra: Parameters<RunStore["finishNode"]>[1] = { status: "invalid" },
  ) => {
    if (engine.signal?.aborted) throw ABANDONED;
    store.finishNode(nodeId, { ...extra, status: "invalid", rejectStage: stage, rejectReason: reason });
    engine.emit({ type: "child-rejected", generation, nodeId, parentId, stage, reason });
    return stage === "budget" ? ("budget" as const) : ("invalid" as const);
  };

  const worktree = await programs.checkout(parentId);
  try {
    // Meta step: the parent's own meta agent (or the initial one, for the fixed-meta baselines).
    const metaFiles = fixedMeta ? engine.initialFiles : await programs.readFiles(parentId);
    const metaStarted = performance.now();
    const data = await metaData(engine, nodeId, parentId, generation);
    if (engine.baseline.diagnose) data.instruction = await diagnose(engine, nodeId, parentId, onRefused);
    const meta = await engine.limiter.run(() =>
      runMetaAgent({
        sandbox: engine.sandbox,
        files: metaFiles,
        worktree,
        model: meteredModel(engine.metaModel, {
          store,
          nodeId,
          role: "meta",
          budgetUsd: config.budgetUsd,
          transcript,
          onRefused,
          onFatal,
        }),
        data,
        limits: config.limits.meta,
        seed: deriveSeed(config.seed, "meta", nodeId),
      }),
    );
    const metaMs = performance.now() - metaStarted;
    if (fatal) throw fatal;
    writeFileSync(join(nodeDir, "meta.log"), meta.logs.join("\n"));
    if (transcript.length > 0)
      writeFileSync(join(nodeDir, "transcript.json"), JSON.stringify(transcript, null, 1));
    if (!meta.ok) {
      if (refused) {
        return reject("budget", `the run's budget ran out during the meta step: ${meta.message}`, {
          status: "invalid",
          metaMs,
        });
      }
      // DGM-H: a parent whose meta agent fails is not selected again.
      if (engine.signal?.aborted) throw ABANDONED;
      store.markUnselectable(parentId);
      return reject("meta", `${meta.kind}: ${meta.message}`, { status: "invalid", metaMs });
    }

    await turn.wait;
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
      return reject(
        "commit",
        `the worktree could not be committed: ${(error as Error).message ?? String(error)}`,
        {
          status: "invalid",
          metaMs,
        },
      );
    }
    writeFileSync(join(nodeDir, "diff.patch"), child.diff);
    const diffLines = child.diff.split("\n").filter((line) => /^[+-](?![+-])/.test(line)).length;
    const base = { status: "invalid" as const, commit: child.commit, tree: child.tree, metaMs, diffLines };
    // An empty child has no commit of its own (the store made none), so none is recorded.
    if (child.empty)
      return reject("empty-diff", "the meta agent changed nothing", {
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
      return reject("duplicate", `identical program to ${twin.id}; not evaluated again`, {
        ...base,
        duplicateOf: twin.id,
      });
    }

    const files = await programs.readFiles(nodeId);
    const verdict = await checkProgram(files, HYPERAGENT_CONTRACT);
    if (!verdict.ok) {
      const where = verdict.file ? ` (${verdict.file}${verdict.line ? `:${verdict.line}` : ""})` : "";
      return reject("compile", `${verdict.stage}: ${verdict.message}${where}`, base);
    }

    const evalStarted = performance.now();
    const result = await stagedEvaluation(
      files,
      engine.tasks,
      { nodeId, stageSize: config.stageSize, stageThreshold: config.stageThreshold },
      evaluationEnv(engine, nodeId, { onRefused, onFatal }),
    );
    const evalMs = performance.now() - evalStarted;
    if (fatal) throw fatal;
    if (refused) {
      return reject("budget", "the run's budget ran out during evaluation", {
        ...base,
        compiled: true,
        evalMs,
      });
    }
    if (engine.signal?.aborted) throw ABANDONED;
    store.finishNode(nodeId, {
      ...base,
      status: "valid",
      compiled: true,
      score: result.score,
      evalMs,
      scores: result.scores,
      evaluations: result.evaluations,
      summary: typeof meta.value === "string" ? meta.value.slice(0, 2000) : "",
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
  } catch (error) {
    // After a stop, any failure may be the stop's doing: the node stays pending for the resume.
    if (error === ABANDONED || engine.signal?.aborted) {
      engine.emit({ type: "child-abandoned", generation, nodeId, parentId });
      return "aborted";
    }
    if (RunBudgetExhaustedError.isInstance(error)) return reject("budget", error.message);
    // Anything else is our bug or an I/O failure: leave the node pending so a resume retries it.
    throw error;
  } finally {
    // A child that stopped before its commit (meta failure, empty diff) still passes the turn on.
    turn.done();
    await programs.release(worktree);
  }
}
