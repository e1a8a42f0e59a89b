/**
 * The DGM-H loop. Each generation selects parents from the archive, lets each parent's own
 * meta agent edit a copy of its program (children in parallel, each in its own worktree and
 * sandbox), gates the child (meta finished, non-empty diff, not a duplicate, compiles),
 * evaluates it in stages and records it. Every state change is a transaction in run.sqlite,
 * so a killed run resumes and loses at most the children in flight.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { simpleGit } from "simple-git";
import { checkProgram, createSandbox, HYPERAGENT_CONTRACT } from "../../sandbox/index.js";
import type { Limits, Sandbox } from "../../sandbox/types.js";
import { resolveTasks } from "../../tasks/index.js";
import type { Task } from "../../tasks/task.js";
import { bestNode, eligibleParents, lineage } from "../archive/archive.js";
import { deriveSeed, seededRandom } from "../archive/random.js";
import {
  latestPolicy,
  resolveSelectionPolicy,
  type SelectionPolicy,
  type SelectionPolicyName,
} from "../archive/selection.js";
import { UserError } from "../errors.js";
import { createLimiter, createModel, type Limiter, withRetry } from "../llm/index.js";
import type { ChatModel } from "../llm/types.js";
import { openProgramStore, type ProgramStore } from "../program/index.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { defaultAgentDir, SHIPPED_AGENTS } from "./agents.js";
import { type EvaluationEnv, evaluateSplit, selectionSplit, stagedEvaluation } from "./evaluate.js";
import type { EvolveEvent, RejectStage } from "./events.js";
import { runMetaAgent } from "./meta-step.js";
import { meteredModel, RunBudgetExhaustedError, type TranscriptEntry } from "./metered-model.js";
import {
  type BaselineName,
  RUN_CONFIG_VERSION,
  type RunConfig,
  readRunConfig,
  writeRunConfig,
} from "./run-config.js";

export interface EvolveOptions {
  /** The run directory: created for a new run, read back with `resume`. */
  runDir: string;
  /** Bundled task ids, or Task objects (custom tasks must be passed again on resume). */
  tasks?: (string | Task)[];
  /** The program to start from; defaults to agents/offline for the offline model, else agents/initial. */
  agentDir?: string;
  /** Model spec (or model) behind the task agent's `ctx.llm`. Default "offline". */
  model?: string | ChatModel;
  /** Model spec (or model) behind the meta agent's `ctx.llm`. Default: the task model. */
  metaModel?: string | ChatModel;
  generations?: number;
  /** Children per generation (k). */
  children?: number;
  /** Sandbox runs (meta steps and evaluation instances) at once. */
  parallel?: number;
  selection?: SelectionPolicyName | SelectionPolicy;
  stageSize?: number;
  stageThreshold?: number;
  budgetUsd?: number;
  seed?: number;
  baseline?: BaselineName;
  limits?: { meta?: Partial<RunConfig["limits"]["meta"]>; task?: Partial<RunConfig["limits"]["task"]> };
  /** Continue the run in runDir; its run.json decides the configuration. */
  resume?: boolean;
  onEvent?: (event: EvolveEvent) => void;
  /** Called after each generation is recorded (reports hook in here). */
  onGenerationEnd?: (runDir: string, generation: number) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface RunSummary {
  runDir: string;
  reason: "done" | "budget" | "aborted";
  generations: number;
  archiveSize: number;
  validCount: number;
  bestNodeId: string | null;
  bestScore: number | null;
  testScores: Record<string, number>;
  costUsd: number;
  wallMs: number;
}

const DEFAULT_LIMITS: RunConfig["limits"] = {
  meta: { timeoutMs: 10 * 60_000, memoryMb: 256, maxToolCalls: 200 },
  task: { timeoutMs: 60_000, memoryMb: 256, maxToolCalls: 50 },
};

function positiveInteger(name: string, value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new UserError(`${name} must be a positive integer, got ${value}: fix ${flag}`);
  return value;
}

function specOf(model: string | ChatModel | undefined, fallback: string): string {
  if (model === undefined) return fallback;
  return typeof model === "string" ? model : model.id;
}

/** Builds the run.json of a new run from the options, validating them. */
export function configFromOptions(options: EvolveOptions, tasks: readonly Task[]): RunConfig {
  const taskModel = specOf(options.model, "offline");
  const metaModel = specOf(options.metaModel, taskModel);
  const selection = typeof options.selection === "string" ? options.selection : "dgm-h";
  if (typeof options.selection === "string") resolveSelectionPolicy(options.selection);
  const stageThreshold = options.stageThreshold ?? 0;
  if (!Number.isFinite(stageThreshold)) throw new UserError("stageThreshold must be a number in [0, 1]");
  if (options.budgetUsd !== undefined && !(options.budgetUsd > 0)) {
    throw new UserError(
      `budget must be a positive number of dollars, got ${options.budgetUsd}: fix --budget-usd`,
    );
  }
  return {
    schemaVersion: RUN_CONFIG_VERSION,
    tasks: tasks.map((task) => task.id),
    agentDir: resolve(options.agentDir ?? defaultAgentDir(metaModel)),
    taskModel,
    metaModel,
    generations: positiveInteger("generations", options.generations ?? 10, "--generations"),
    childrenPerGeneration: positiveInteger("children", options.children ?? 2, "--children"),
    parallel: positiveInteger(
      "parallel",
      options.parallel ?? Math.max(1, availableParallelism()),
      "--parallel",
    ),
    selection,
    stageSize: positiveInteger("stageSize", options.stageSize ?? 10, "--stage-size"),
    stageThreshold,
    budgetUsd: options.budgetUsd ?? null,
    seed: options.seed ?? 0,
    baseline: options.baseline ?? "none",
    limits: {
      meta: { ...DEFAULT_LIMITS.meta, ...options.limits?.meta },
      task: { ...DEFAULT_LIMITS.task, ...options.limits?.task },
    },
    createdAt: new Date().toISOString(),
  };
}

interface Engine {
  config: RunConfig;
  runDir: string;
  tasks: Task[];
  store: RunStore;
  programs: ProgramStore;
  sandbox: Sandbox;
  limiter: Limiter;
  taskModel: ChatModel;
  metaModel: ChatModel;
  policy: SelectionPolicy;
  emit: (event: EvolveEvent) => void;
  signal?: AbortSignal;
  /** The initial program's files: the fixed meta agent of the no-self-improve baseline. */
  initialFiles: Record<string, string>;
}

const nodeIdOf = (generation: number, slot: number) => `g${generation}c${slot}`;

export async function evolve(options: EvolveOptions): Promise<RunSummary> {
  const started = performance.now();
  const runDir = resolve(options.runDir);
  const resumed = existsSync(join(runDir, "run.json"));
  if (resumed && !options.resume) {
    throw new UserError(
      `${runDir} already holds a run: pass --resume to continue it, or choose another --out`,
    );
  }
  if (!resumed && options.resume) {
    throw new UserError(
      `${runDir} holds no run to resume (no run.json): start one with \`hyperagents evolve\``,
    );
  }
  if (!resumed && existsSync(runDir) && readdirSync(runDir).length > 0) {
    throw new UserError(`${runDir} exists and is not empty: choose another --out, or remove it`);
  }

  const customTasks = (options.tasks ?? []).filter((task): task is Task => typeof task !== "string");
  let config: RunConfig;
  let tasks: Task[];
  if (resumed) {
    config = readRunConfig(runDir);
    tasks = await resolveTasks(config.tasks, customTasks);
  } else {
    if (!options.tasks || options.tasks.length === 0)
      throw new UserError("no task given: pass --task ID (see `hyperagents tasks`)");
    tasks = await resolveTasks(
      options.tasks.map((task) => (typeof task === "string" ? task : task.id)),
      customTasks,
    );
    config = configFromOptions(options, tasks);
    if (
      !existsSync(join(config.agentDir, "task_agent.ts")) ||
      !existsSync(join(config.agentDir, "meta_agent.ts"))
    ) {
      throw new UserError(
        `${config.agentDir} is not a hyperagent program: it needs task_agent.ts (export solve) and meta_agent.ts (export improve)`,
      );
    }
    mkdirSync(runDir, { recursive: true });
    writeRunConfig(runDir, config);
  }

  const store = openRunStore(join(runDir, "run.sqlite"));
  const programs = await openProgramStore({
    gitDir: join(runDir, "program.git"),
    worktreesDir: join(runDir, "worktrees"),
  });
  const sandbox = createSandbox();
  const emit = (event: EvolveEvent) => {
    store.appendEvent({
      type: event.type,
      nodeId: "nodeId" in event ? event.nodeId : null,
      generation: "generation" in event ? event.generation : null,
      payload: event,
    });
    options.onEvent?.(event);
  };
  try {
    const taskModel =
      typeof options.model === "object" && !resumed
        ? options.model
        : resolveModel(options.model, config.taskModel);
    const metaModel =
      typeof options.metaModel === "object" && !resumed
        ? options.metaModel
        : resolveModel(options.metaModel ?? options.model, config.metaModel);
    if (!resumed) await programs.init(config.agentDir);
    const engine: Engine = {
      config,
      runDir,
      tasks,
      store,
      programs,
      sandbox,
      limiter: createLimiter(config.parallel),
      taskModel,
      metaModel,
      policy:
        config.baseline === "no-archive"
          ? latestPolicy
          : typeof options.selection === "function"
            ? options.selection
            : resolveSelectionPolicy(config.selection),
      emit,
      initialFiles: await programs.readFiles("initial"),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    return await runLoop(engine, resumed, options, started);
  } finally {
    await sandbox.dispose();
    store.close();
  }
}

function resolveModel(given: string | ChatModel | undefined, spec: string): ChatModel {
  if (typeof given === "object" && given.id === spec) return given;
  // Provider clients do no retries of their own; the run retries 429s, 5xx and timeouts here.
  return spec === "offline" ? createModel(spec) : withRetry(createModel(spec));
}

async function runLoop(
  engine: Engine,
  resumed: boolean,
  options: EvolveOptions,
  started: number,
): Promise<RunSummary> {
  const { store, config } = engine;
  if (resumed) {
    const lost = store.discardPending();
    for (const id of lost) await deleteRef(engine, id);
    await engine.programs.pruneWorktrees();
  }
  let fromGeneration = 1;
  while (fromGeneration <= config.generations && store.generationStatus(fromGeneration) === "done")
    fromGeneration++;
  engine.emit({
    type: "run-start",
    runDir: engine.runDir,
    resumed,
    generations: config.generations,
    fromGeneration,
  });

  if (!store.node("initial")) await evaluateInitial(engine);

  let reason: RunSummary["reason"] = "done";
  for (let generation = fromGeneration; generation <= config.generations; generation++) {
    if (engine.signal?.aborted) {
      reason = "aborted";
      break;
    }
    if (budgetSpent(engine)) {
      reason = "budget";
      break;
    }
    const genStarted = performance.now();
    store.beginGeneration(generation);
    const done = new Set(
      store
        .nodes()
        .filter((node) => node.generation === generation)
        .map((node) => node.slot),
    );
    const slots = Array.from({ length: config.childrenPerGeneration }, (_, slot) => slot).filter(
      (slot) => !done.has(slot),
    );
    const candidates = eligibleParents({ nodes: store.nodes(), scores: store.scores() }, config.tasks);
    const parents = slots.map((slot) =>
      engine.policy(candidates, seededRandom(deriveSeed(config.seed, "select", generation, slot))),
    );
    engine.emit({ type: "generation-start", generation, parents });
    const outcomes = await Promise.all(
      slots.map((slot, i) => runChild(engine, generation, slot, parents[i]!)),
    );
    if (outcomes.includes("budget")) {
      reason = "budget";
      break;
    }
    store.finishGeneration(generation);
    const nodes = store.nodes();
    const best = bestNode(nodes);
    engine.emit({
      type: "generation-end",
      generation,
      archiveSize: nodes.length,
      validCount: nodes.filter((node) => node.status === "valid").length,
      bestNodeId: best?.id ?? null,
      bestScore: best?.score ?? null,
      costUsd: store.totalCostUsd(),
      elapsedMs: performance.now() - genStarted,
    });
    await options.onGenerationEnd?.(engine.runDir, generation);
  }

  const nodes = store.nodes();
  const best = bestNode(nodes);
  const testScores = best ? await evaluateTest(engine, best.id) : {};
  const costUsd = store.totalCostUsd();
  engine.emit({
    type: "run-end",
    reason,
    bestNodeId: best?.id ?? null,
    bestScore: best?.score ?? null,
    testScores,
    costUsd,
    runDir: engine.runDir,
  });
  return {
    runDir: engine.runDir,
    reason,
    generations: config.generations,
    archiveSize: nodes.length,
    validCount: nodes.filter((node) => node.status === "valid").length,
    bestNodeId: best?.id ?? null,
    bestScore: best?.score ?? null,
    testScores,
    costUsd,
    wallMs: performance.now() - started,
  };
}

function budgetSpent(engine: Engine): boolean {
  return engine.config.budgetUsd !== null && engine.store.totalCostUsd() >= engine.config.budgetUsd;
}

function evaluationEnv(engine: Engine, nodeId: string): EvaluationEnv {
  return {
    sandbox: engine.sandbox,
    limiter: engine.limiter,
    taskModel: meteredModel(engine.taskModel, {
      store: engine.store,
      nodeId,
      role: "task",
      budgetUsd: engine.config.budgetUsd,
    }),
    limits: engine.config.limits.task,
    seed: engine.config.seed,
    ...(engine.signal ? { signal: engine.signal } : {}),
  };
}

async function evaluateInitial(engine: Engine): Promise<void> {
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
  // The initial program is always evaluated on the full selection split (threshold below any score).
  const result = await stagedEvaluation(
    files,
    engine.tasks,
    { nodeId: "initial", stageSize: engine.config.stageSize, stageThreshold: Number.NEGATIVE_INFINITY },
    evaluationEnv(engine, "initial"),
  );
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
}

/** What the meta agent may read: its lineage's train-split results and a few peers to recombine with. */
async function metaData(engine: Engine, nodeId: string, parentId: string, generation: number) {
  const nodes = engine.store.nodes();
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
  const peerIds = nodes
    .filter((node) => node.status === "valid" && node.id !== parentId && node.score !== null)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .slice(0, 3);
  const peers = await Promise.all(
    peerIds.map(async (node) => ({
      nodeId: node.id,
      score: node.score,
      files: await engine.programs.readFiles(node.id),
    })),
  );
  return {
    nodeId,
    parentId,
    generation,
    iterationsLeft: engine.config.generations - generation,
    tasks: engine.tasks.map((task) => ({ id: task.id, description: task.description })),
    evaluations,
    peers,
  };
}

/** Keeps evaluation details that go into a meta agent's context small. */
function clip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text.length <= 2000 ? value : `${text.slice(0, 2000)}…`;
}

async function deleteRef(engine: Engine, nodeId: string): Promise<void> {
  await simpleGit()
    .env({ ...process.env, GIT_DIR: engine.programs.gitDir })
    .raw(["update-ref", "-d", `refs/archive/${nodeId}`])
    .catch(() => undefined);
}

type ChildOutcome = "valid" | "invalid" | "budget";

async function runChild(
  engine: Engine,
  generation: number,
  slot: number,
  parentId: string,
): Promise<ChildOutcome> {
  const { store, programs, config } = engine;
  const nodeId = nodeIdOf(generation, slot);
  const fixedMeta = config.baseline === "no-self-improve";
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
  const reject = (
    stage: RejectStage,
    reason: string,
    extra: Parameters<RunStore["finishNode"]>[1] = { status: "invalid" },
  ) => {
    store.finishNode(nodeId, { ...extra, status: "invalid", rejectStage: stage, rejectReason: reason });
    engine.emit({ type: "child-rejected", generation, nodeId, parentId, stage, reason });
    return stage === "budget" ? ("budget" as const) : ("invalid" as const);
  };

  const worktree = await programs.checkout(parentId);
  try {
    // Meta step: the parent's own meta agent (or the initial one, for the no-self-improve baseline).
    const metaFiles = fixedMeta ? engine.initialFiles : await programs.readFiles(parentId);
    const metaStarted = performance.now();
    const data = await metaData(engine, nodeId, parentId, generation);
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
        }),
        data,
        limits: config.limits.meta,
        seed: deriveSeed(config.seed, "meta", nodeId),
      }),
    );
    const metaMs = performance.now() - metaStarted;
    writeFileSync(join(nodeDir, "meta.log"), meta.logs.join("\n"));
    if (transcript.length > 0)
      writeFileSync(join(nodeDir, "transcript.json"), JSON.stringify(transcript, null, 1));
    if (!meta.ok) {
      if (budgetSpent(engine) || meta.message.includes("budget")) {
        return reject("budget", `the run's budget ran out during the meta step: ${meta.message}`, {
          status: "invalid",
          metaMs,
        });
      }
      // DGM-H: a parent whose meta agent fails is not selected again.
      store.markUnselectable(parentId);
      return reject("meta", `${meta.kind}: ${meta.message}`, { status: "invalid", metaMs });
    }

    const child = await programs.commitChild(worktree, {
      nodeId,
      parentId,
      message: `${nodeId}: child of ${parentId} (generation ${generation})`,
    });
    writeFileSync(join(nodeDir, "diff.patch"), child.diff);
    const diffLines = child.diff.split("\n").filter((line) => /^[+-](?![+-])/.test(line)).length;
    const base = { status: "invalid" as const, commit: child.commit, tree: child.tree, metaMs, diffLines };
    if (child.empty) return reject("empty-diff", "the meta agent changed nothing", base);
    engine.emit({ type: "child-created", generation, nodeId, parentId, diffLines });

    const twin = store.nodes().find((node) => node.id !== nodeId && node.tree === child.tree);
    if (twin)
      return reject("duplicate", `identical program to ${twin.id}; not evaluated again`, {
        ...base,
        duplicateOf: twin.id,
      });

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
      evaluationEnv(engine, nodeId),
    );
    const evalMs = performance.now() - evalStarted;
    if (budgetSpent(engine) && result.evaluations.some((e) => e.error?.includes("budget"))) {
      return reject("budget", "the run's budget ran out during evaluation", {
        ...base,
        compiled: true,
        evalMs,
      });
    }
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
    if (error instanceof RunBudgetExhaustedError) return reject("budget", error.message);
    // Anything else is our bug or an I/O failure: leave the node pending so a resume retries it.
    throw error;
  } finally {
    await programs.release(worktree);
  }
}

/** Test split: only for the final report, on the best node by selection score. */
async function evaluateTest(engine: Engine, nodeId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const tasks = engine.tasks.filter((task) => task.splits.includes("test"));
  if (tasks.length === 0) return out;
  const existing = engine.store.scores(nodeId).filter((score) => score.split === "test");
  const files = await engine.programs.readFiles(nodeId);
  const scores = [];
  const evaluations = [];
  for (const task of tasks) {
    const known = existing.find((score) => score.taskId === task.id);
    if (known) {
      out[task.id] = known.score;
      continue;
    }
    const result = await evaluateSplit(files, task, "test", nodeId, evaluationEnv(engine, nodeId));
    out[task.id] = result.score.score;
    scores.push(result.score);
    evaluations.push(...result.evaluations);
  }
  if (scores.length > 0) engine.store.recordScores(nodeId, scores, evaluations);
  return out;
}

export { SHIPPED_AGENTS, selectionSplit };
