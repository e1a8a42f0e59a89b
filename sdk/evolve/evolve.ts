/**
 * The DGM-H loop. Each generation selects parents from the archive, lets each parent's own
 * meta agent edit a copy of its program (children in parallel, each in its own worktree and
 * sandbox), gates the child (meta finished, non-empty diff, not a duplicate, compiles),
 * evaluates it in stages and records it. Every state change is a transaction in run.sqlite,
 * so a killed run resumes and loses at most the children in flight.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkProgram, createSandbox, HYPERAGENT_CONTRACT } from "../../sandbox/index.js";
import { resolveTasks } from "../../tasks/index.js";
import type { Task } from "../../tasks/task.js";
import { bestNode, eligibleParents } from "../archive/archive.js";
import { deriveSeed, seededRandom } from "../archive/random.js";
import { resolveSelectionPolicy } from "../archive/selection.js";
import { UserError } from "../errors.js";
import { createLimiter, createModel, withCache, withRetry } from "../llm/index.js";
import type { ChatModel } from "../llm/types.js";
import { openProgramStore } from "../program/index.js";
import { openRunStore } from "../store/run-store.js";
import { defaultAgentDir } from "./agents.js";
import { resolveBaseline } from "./baselines.js";
import { checkCacheOptions } from "./cache-check.js";
import { commitTurns, runChild } from "./child.js";
import { selectWithProgram } from "./editable-selection.js";
import { type Engine, evaluationEnv, nodeIdOf, runBudgetSpent } from "./engine.js";
import { evaluateSplit, stagedEvaluation } from "./evaluate.js";
import type { EvolveEvent } from "./events.js";
import { prepareInitialProgram } from "./initial-program.js";
import { configFromOptions, type EvolveOptions, type RunSummary } from "./options.js";
import { type RunConfig, readRunConfig, writeRunConfig } from "./run-config.js";
import { checkResumable, failedStartError, startFailure } from "./run-dir-checks.js";
import { type RunLock, runLock } from "./run-lock.js";
import { RunStoppedError } from "./run-stopped.js";
import {
  aborted,
  budgetSpent,
  firstStop,
  maxGenerations,
  type RunProgress,
  type Stop,
  type StopCondition,
} from "./stop.js";

export type { EvolveOptions, RunSummary };

export async function evolve(options: EvolveOptions): Promise<RunSummary> {
  // One writer per run directory, given back however this call ends.
  const lock = runLock(resolve(options.runDir));
  try {
    return await evolveLocked(options, lock);
  } finally {
    lock.release();
  }
}

async function evolveLocked(options: EvolveOptions, lock: RunLock): Promise<RunSummary> {
  const started = performance.now();
  const runDir = resolve(options.runDir);
  const resumed = existsSync(join(runDir, "run.json"));
  if (resumed && !options.resume) {
    const failed = startFailure(runDir);
    if (failed !== undefined) throw failedStartError(runDir, failed);
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
  let initialFolder: string | undefined;
  let extended = false;
  if (resumed) {
    lock.acquire();
    config = readRunConfig(runDir);
    checkResumable(runDir);
    if (options.generations !== undefined && options.generations !== config.generations) {
      if (options.generations < config.generations) {
        throw new UserError(
          `--generations on resume is the run's new total, so it can only extend it: this run has ${config.generations}, pass a number above ${config.generations}`,
        );
      }
      // Extending a run: the new total is part of its configuration from now on (written below,
      // once the models and cache are known to work).
      config = { ...config, generations: options.generations };
      extended = true;
    }
    tasks = await resolveTasks(config.tasks, customTasks);
  } else {
    if (!options.tasks || options.tasks.length === 0)
      throw new UserError("no task given: pass --task ID (see `hyperagents tasks`)");
    tasks = await resolveTasks(
      options.tasks.map((task) => (typeof task === "string" ? task : task.id)),
      customTasks,
    );
    config = configFromOptions(options, tasks);
    initialFolder = await prepareInitialProgram({
      agentDir: config.agentDir,
      editableSelection: config.editableSelection,
      ...(options.resetTaskAgent ? { resetTaskAgentFrom: defaultAgentDir(config.metaModel) } : {}),
      ...(options.resetMetaAgent ? { resetMetaAgentFrom: defaultAgentDir(config.metaModel) } : {}),
    });
  }

  const baseline = resolveBaseline(config.baseline);
  checkCacheOptions(options.cache, config);
  // Models first: a missing key is reported before anything is written to the run directory.
  const cached = (model: ChatModel) => (options.cache ? withCache(model, options.cache) : model);
  const replay = options.cache?.mode === "replay";
  const taskModel = cached(
    typeof options.model === "object" && !resumed
      ? options.model
      : resolveModel(options.model, config.taskModel, replay, options.env),
  );
  const metaModel = cached(
    typeof options.metaModel === "object" && !resumed
      ? options.metaModel
      : resolveModel(options.metaModel ?? options.model, config.metaModel, replay, options.env),
  );
  if (!resumed) mkdirSync(runDir, { recursive: true });
  lock.acquire();
  if (extended) writeRunConfig(runDir, config);
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
    if (initialFolder) {
      // run.json goes last: a directory without it is not a run, so a crash here is never resumed half-made.
      await programs.init(initialFolder);
      // A program that does not compile never becomes a run: no run.json, so no --resume to try.
      const verdict = await checkProgram(await programs.readFiles("initial"), HYPERAGENT_CONTRACT);
      if (!verdict.ok) {
        throw new UserError(
          `the initial program (${config.agentDir}) does not compile: ${verdict.message}. ` +
            `No run was started: fix the program, then start again with another --out, or remove ${runDir} first`,
        );
      }
      writeRunConfig(runDir, config);
    }
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
      policy: baseline.selection(
        typeof options.selection === "function"
          ? options.selection
          : resolveSelectionPolicy(config.selection),
      ),
      baseline,
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

function resolveModel(
  given: string | ChatModel | undefined,
  spec: string,
  replay: boolean,
  env: Record<string, string | undefined> | undefined,
): ChatModel {
  if (typeof given === "object" && given.id === spec) return given;
  if (spec === "offline") return createModel(spec);
  // maxRetries 0: the withRetry below is the run's one retry loop (createModel's would nest in it).
  const base = { maxRetries: 0, ...(env ? { env } : {}) };
  // Replaying needs no key: the cache answers, and the provider behind it may never be reached.
  const provider = createModel(
    spec,
    replay ? { ...base, apiKey: "replay-needs-no-key", fetch: refuseNetwork } : base,
  );
  // Provider clients do no retries of their own; the run retries 429s, 5xx and timeouts here.
  return withRetry(provider);
}

const refuseNetwork: typeof fetch = async () => {
  throw new UserError(
    "a replayed run makes no API calls: record the run first (--cache DIR --cache-mode record)",
  );
};

const NO_ELIGIBLE_PARENT =
  "no node is eligible as a parent (every node is invalid, unscored or its meta agent failed): building on the initial program";

async function runLoop(
  engine: Engine,
  resumed: boolean,
  options: EvolveOptions,
  started: number,
): Promise<RunSummary> {
  const { store, config } = engine;
  if (resumed) {
    const lost = store.discardPending();
    // A node discarded on resume may have been committed before the kill: drop its ref too. The
    // initial program's ref is the run's start, not a child: it stays, and is evaluated again below.
    for (const id of lost) if (id !== "initial") await engine.programs.removeNode(id);
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

  // The run's own limits are stop conditions like the user's; the signal and budget come first.
  const conditions: StopCondition[] = [
    ...(engine.signal ? [aborted(engine.signal)] : []),
    ...(config.budgetUsd === null ? [] : [budgetSpent(config.budgetUsd)]),
    maxGenerations(config.generations),
    ...(options.stopWhen ?? []),
  ];
  let stop: Stop | undefined;
  // A stop during the initial evaluation leaves it pending: no generation runs, a resume redoes it.
  const initialDone =
    store.node("initial") !== undefined ||
    (await stopsHere(engine, 0, "initial", () => evaluateInitial(engine)));
  if (!initialDone)
    stop = { reason: "aborted", message: "the run was stopped during the initial evaluation" };
  for (let generation = fromGeneration; !stop; generation++) {
    stop = firstStop(conditions, progressBefore(engine, generation));
    if (stop) break;
    const outcome = await runGeneration(engine, generation);
    if (outcome === "aborted") stop = { reason: "aborted", message: "the run was stopped" };
    else if (outcome === "budget")
      stop = { reason: "budget", message: "the budget ran out during the generation" };
    else await options.onGenerationEnd?.(engine.runDir, generation);
  }
  return finishRun(engine, options, started, stop ?? { reason: "done", message: "done" });
}

function progressBefore(engine: Engine, nextGeneration: number): RunProgress {
  const nodes = engine.store.nodes();
  return {
    nextGeneration,
    costUsd: engine.store.totalCostUsd(),
    archiveSize: nodes.length,
    bestScore: bestNode(nodes)?.score ?? null,
  };
}

/** Parents for the open slots of a generation, in slot order (seeded, so a resume picks the same). */
async function chooseParents(
  engine: Engine,
  generation: number,
  slots: readonly number[],
): Promise<string[]> {
  const { store, config } = engine;
  const candidates = eligibleParents({ nodes: store.nodes(), scores: store.scores() }, config.tasks);
  const parents: string[] = [];
  for (const slot of slots) {
    if (candidates.length === 0) {
      // DGM-H's rule: with no eligible parent, build on the initial program rather than stop.
      parents.push("initial");
      engine.emit({ type: "selection-fallback", generation, slot, reason: NO_ELIGIBLE_PARENT });
      continue;
    }
    const random = seededRandom(deriveSeed(config.seed, "select", generation, slot));
    const fallback = () => engine.policy(candidates, random);
    if (!config.editableSelection) {
      parents.push(fallback());
      continue;
    }
    const choice = await selectWithProgram(
      engine,
      candidates,
      deriveSeed(config.seed, "select-program", generation, slot),
      fallback,
    );
    if (choice.failure) engine.emit({ type: "selection-fallback", generation, slot, reason: choice.failure });
    parents.push(choice.parentId);
  }
  return parents;
}

/** One generation: the missing slots' children in parallel, then its record. */
async function runGeneration(engine: Engine, generation: number): Promise<"done" | "aborted" | "budget"> {
  const { store, config } = engine;
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
  const parents = await chooseParents(engine, generation, slots);
  engine.emit({ type: "generation-start", generation, parents });
  const turns = commitTurns(slots.length);
  const outcomes = await Promise.all(
    slots.map((slot, i) =>
      stopsHere(engine, generation, nodeIdOf(generation, slot), () =>
        runChild(engine, generation, slot, parents[i]!, turns[i]),
      ),
    ),
  );
  if (outcomes.includes("aborted")) return "aborted";
  if (outcomes.includes("budget")) return "budget";
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
  return "done";
}

/** The test split (when it can be scored honestly), the run-end event and the summary. */
async function finishRun(
  engine: Engine,
  options: EvolveOptions,
  started: number,
  stop: Stop,
): Promise<RunSummary> {
  const { store, config } = engine;
  // A signal that fired while the last generation ran out still means the run was stopped.
  const reason = engine.signal?.aborted ? "aborted" : stop.reason;
  const nodes = store.nodes();
  const best = bestNode(nodes);
  // The test split is scored only when it can be scored honestly: not after a stop (the process
  // may be losing its helpers) and not with a spent budget (refused calls would score 0).
  const testNotRun =
    reason === "aborted"
      ? "the run was stopped; the test split is scored when the run finishes"
      : runBudgetSpent(engine)
        ? "the budget was spent before the test split could be scored"
        : undefined;
  const test = best && !testNotRun ? await evaluateTest(engine, best.id) : { scores: {}, refused: false };
  const initialTest =
    options.testInitial && !testNotRun && !test.refused ? await evaluateTest(engine, "initial") : undefined;
  const testScores = test.scores;
  const initialTestScores = initialTest?.scores;
  const testSkipped =
    testNotRun ??
    (test.refused || initialTest?.refused
      ? "the budget ran out while scoring the test split; those scores were not recorded"
      : undefined);
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
    ...(initialTestScores ? { initialTestScores } : {}),
    ...(testSkipped ? { testNotRun: testSkipped } : {}),
    ...(reason === "condition" ? { stopMessage: stop.message } : {}),
    costUsd,
    wallMs: performance.now() - started,
  };
}

/** Runs one step of the run; whatever it throws stops the run, as a RunStoppedError saying where. */
async function stopsHere<T>(
  engine: Engine,
  generation: number,
  nodeId: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (RunStoppedError.isInstance(error)) throw error;
    // A node left pending reruns on resume; a rejected initial program never becomes a run.
    const resumable = engine.store.node(nodeId)?.status !== "invalid" || nodeId !== "initial";
    throw new RunStoppedError(error, { runDir: engine.runDir, generation, nodeId, resumable });
  }
}

/** Records the initial node; false when the run was stopped first (it stays pending). */
async function evaluateInitial(engine: Engine): Promise<boolean> {
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

/**
 * Test split: only for the final report, on the best node by selection score. A task whose
 * evaluation had a model call refused (the budget) is left unscored rather than recorded as 0.
 */
async function evaluateTest(
  engine: Engine,
  nodeId: string,
): Promise<{ scores: Record<string, number>; refused: boolean }> {
  const out: Record<string, number> = {};
  let refused = false;
  const tasks = engine.tasks.filter((task) => task.splits.includes("test"));
  if (tasks.length === 0) return { scores: out, refused };
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
    let refusedHere = false;
    const env = evaluationEnv(engine, nodeId, {
      onRefused: () => {
        refusedHere = true;
      },
    });
    const result = await evaluateSplit(files, task, "test", nodeId, env);
    if (refusedHere || engine.signal?.aborted) {
      refused ||= refusedHere;
      continue;
    }
    out[task.id] = result.score.score;
    scores.push(result.score);
    evaluations.push(...result.evaluations);
  }
  if (scores.length > 0) engine.store.recordScores(nodeId, scores, evaluations);
  return { scores: out, refused };
}
