/**
 * The DGM-H loop. Each generation selects parents from the archive, lets each parent's own
 * meta agent edit a copy of its program (children in parallel, each in its own worktree and
 * sandbox), gates the child (meta finished, non-empty diff, not a duplicate, compiles),
 * evaluates it in stages and records it. Every state change is a transaction in run.sqlite,
 * so a killed run resumes and loses at most the children in flight.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkProgram, createSandbox, HYPERAGENT_CONTRACT } from "../../sandbox/index.js";
import { bestNode, eligibleParents } from "../archive/archive.js";
import { resolveSelectionPolicy } from "../archive/selection.js";
import { UserError } from "../errors.js";
import { deriveSeed, seededRandom } from "../internal/random.js";
import { createLimiter } from "../llm/index.js";
import { openProgramStore } from "../program/index.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { resolveBaseline } from "./baselines.js";
import { checkCacheOptions } from "./cache-check.js";
import { commitTurns, runChild } from "./child.js";
import { selectWithProgram } from "./editable-selection.js";
import { type Engine, nodeIdOf } from "./engine.js";
import type { EvolveEvent } from "./events.js";
import { finishRun } from "./finish-run.js";
import { evaluateInitial } from "./initial-node.js";
import type { EvolveOptions, RunSummary } from "./options.js";
import { type RunConfig, writeRunConfig } from "./run-config.js";
import { type RunLock, runLock } from "./run-lock.js";
import { runModels } from "./run-models.js";
import { runConfigFor } from "./run-setup.js";
import { stopsHere } from "./run-stopped.js";
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
  const { resumed, config, tasks, initialFolder, extended } = await runConfigFor(options, runDir, lock);
  const baseline = resolveBaseline(config.baseline);
  checkCacheOptions(options.cache, config);
  // Models first: a missing key is reported before anything is written to the run directory.
  const { taskModel, metaModel } = runModels(options, config, resumed);
  if (!resumed) mkdirSync(runDir, { recursive: true });
  lock.acquire();
  if (extended) writeRunConfig(runDir, config);
  const store = openRunStore(join(runDir, "run.sqlite"));
  const programs = await openProgramStore({
    gitDir: join(runDir, "program.git"),
    worktreesDir: join(runDir, "worktrees"),
  });
  const sandbox = createSandbox();
  const executor = await connectWorkers(options, config, store);
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
      ...(executor ? { executor } : {}),
      ...(executor && remoteMetaWanted(options) ? { remoteMeta: executor } : {}),
    };
    return await runLoop(engine, resumed, options, started);
  } finally {
    await executor?.close();
    await sandbox.dispose();
    store.close();
  }
}

/** With `workers` (or HYPERAGENTS_WORKERS): the queue executor, recording workers' model calls in this run's store. */
async function connectWorkers(options: EvolveOptions, config: RunConfig, store: RunStore) {
  const given = options.workers ?? options.env?.HYPERAGENTS_WORKERS ?? undefined;
  if (given === undefined || given === "") {
    if (remoteMetaWanted(options))
      throw new UserError("--remote-meta runs meta steps on the workers: give them with --workers URL");
    return undefined;
  }
  const workers = typeof given === "string" ? { url: given } : given;
  if (options.cache)
    throw new UserError("--cache records model calls in this process: it cannot be used with --workers");
  // The executor waits out a Redis restart mid-run; an unreachable one at the start is said at once.
  const { checkRedis } = await import("../queue/redis-check.js");
  const check = await checkRedis(workers.url);
  if (!check.ok) throw new UserError(`--workers: ${check.detail}`);
  const { connectRemoteExecutor, runKeyOf } = await import("../queue/index.js");
  return connectRemoteExecutor({
    ...workers,
    runKey: runKeyOf(config),
    taskModel: config.taskModel,
    metaModel: config.metaModel,
    budgetUsd: config.budgetUsd,
    ledger: {
      record: (nodeId, role, call) => store.recordModelCall({ nodeId, role, ...call }),
      budgetLeftUsd: () => (config.budgetUsd === null ? null : config.budgetUsd - store.totalCostUsd()),
    },
  });
}

const remoteMetaWanted = (options: EvolveOptions) =>
  options.remoteMeta ?? ["1", "true"].includes(options.env?.HYPERAGENTS_REMOTE_META ?? "");

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
