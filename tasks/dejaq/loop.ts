/**
 * The DéjàQ loop, one step at a time: sample a batch by learnability → the student attempts
 * each problem G times → learnability updates (and the simulated student learns) → mutate
 * parents from the batch → validate exactly → measure each valid candidate with G attempts →
 * insert by the archive's replacement rule. Each step commits in one transaction and writes its
 * batch as JSONL (`batches/step-NNNN.jsonl`, `{"prompt", "answer"}`) for an RL trainer.
 * The student is resolved again before every step, so it can point at a new endpoint.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../sdk/errors.js";
import { createLimiter } from "../../sdk/internal/limiter.js";
import { deriveSeed, seededRandom } from "../../sdk/internal/random.js";
import { runLock } from "../../sdk/internal/run-lock.js";
import {
  type Archive,
  type ArchiveEntry,
  type ArchiveOptions,
  cellOf,
  createArchive,
  learnabilityOf,
} from "./archive.js";
import type { Mutator } from "./mutators/types.js";
import { validateCandidate } from "./mutators/validate.js";
import { writeDejaqPage } from "./page.js";
import { type Problem, SETTINGS } from "./problem.js";
import { type CandidateRow, type DejaqStore, openDejaqStore } from "./store.js";
import { type Student, studentPrompt } from "./student.js";
import { instantiate, TEMPLATES } from "./templates.js";

export interface DejaqConfig {
  seed: number;
  /** Problems per batch (B). */
  batchSize: number;
  /** Student attempts per problem (G). */
  attempts: number;
  /** Candidates the teacher makes per step. */
  mutationsPerStep: number;
  archive: Partial<ArchiveOptions>;
  /** Template ids that seed the archive (default: all). */
  seedTemplates?: string[];
  /** What the run was started with, for the page and resume checks. */
  teacher: string;
  student: string;
}

export const DEFAULT_DEJAQ_CONFIG: Omit<DejaqConfig, "teacher" | "student"> = {
  seed: 0,
  batchSize: 16,
  attempts: 8,
  mutationsPerStep: 8,
  archive: {},
};

export interface StepMetrics {
  step: number;
  archiveSize: number;
  coverage: number;
  qdScore: number;
  batchLearnability: number;
  batchAccuracy: number;
  /** Per mutator, this step: candidates attempted (a failed model reply counts), valid, inserted. */
  mutators: Record<string, { made: number; valid: number; inserted: number }>;
  /** Mean current learnability per cell "setting/difficulty". */
  cells: Record<string, { count: number; learnability: number }>;
  student: string;
  competence?: unknown;
}

export interface DejaqLoopOptions {
  dir: string;
  /** Total steps the run should reach (a resumed run does only the missing ones). */
  steps: number;
  config: DejaqConfig;
  mutators: readonly Mutator[];
  /** The student for a step; `saved` is the last step's `snapshot()` (for resume). */
  student: (step: number, saved: unknown) => Student | Promise<Student>;
  onStep?: (metrics: StepMetrics) => void;
  signal?: AbortSignal;
  /**
   * Batch problems, and candidates, handled at once (default 4). Candidates of one step see the
   * archive as the step found it and go in in slot order, so a run is the same at any setting.
   */
  concurrency?: number;
}

export const STORE_FILE = "dejaq.sqlite";
/** The reason recorded when a mutator does not apply to a parent (not counted as an attempt). */
export const NOT_APPLICABLE = "not applicable";

function seedArchive(config: DejaqConfig): Archive {
  const archive = createArchive(config.archive);
  const ids = config.seedTemplates ?? TEMPLATES.map((t) => t.id);
  for (const template of TEMPLATES.filter((t) => ids.includes(t.id))) {
    archive.insert(instantiate(template, config.seed), null, 0, { seed: true });
  }
  return archive;
}

function summarise(archive: Archive, step: number): string {
  const entries = archive.entries();
  const mean = entries.reduce((s, e) => s + archive.current(e, step), 0) / Math.max(1, entries.length);
  return `${entries.length} problems over ${SETTINGS.length} settings; coverage ${(archive.coverage() * 100).toFixed(0)}%; mean learnability ${mean.toFixed(3)}.`;
}

async function measure(student: Student, problem: Problem, attempts: number, seed: number) {
  const results = await student.attempt(problem, attempts, seed);
  return results.filter((r) => r.correct).length;
}

/** One candidate: mutate, validate, measure. Insertion happens later, in slot order. */
async function makeCandidate(
  options: DejaqLoopOptions,
  context: { step: number; slot: number; parent: ArchiveEntry; student: Student; summary: string },
): Promise<{ row: CandidateRow; candidate: Problem | null }> {
  const { step, slot, parent, student, summary } = context;
  const { config } = options;
  const random = seededRandom(deriveSeed(config.seed, "mutate", step, slot));
  const mutator = options.mutators[Math.floor(random() * options.mutators.length)] as Mutator;
  const id = `s${step}m${slot}`;
  const row: CandidateRow = {
    step,
    slot,
    id,
    parentId: parent.problem.id,
    mutator: mutator.name,
    kind: mutator.kind,
    valid: false,
    reason: null,
    learnability: null,
    inserted: false,
    cell: null,
    replaced: null,
    problem: null,
  };
  let candidate: Problem | null;
  try {
    const ctx = {
      id,
      random,
      summary,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    candidate = await mutator.mutate(parent.problem, ctx);
  } catch (error) {
    return { row: { ...row, reason: `mutator failed: ${(error as Error).message}` }, candidate: null };
  }
  if (!candidate) return { row: { ...row, reason: NOT_APPLICABLE }, candidate: null };
  row.problem = JSON.stringify(candidate);
  const check = validateCandidate(candidate, parent.problem, mutator.kind);
  if (!check.ok) return { row: { ...row, reason: check.reason }, candidate: null };
  const successes = await measure(
    student,
    candidate,
    config.attempts,
    deriveSeed(config.seed, "candidate", step, slot),
  );
  return {
    row: { ...row, valid: true, learnability: learnabilityOf(successes, config.attempts) },
    candidate,
  };
}

function insertCandidate(
  archive: Archive,
  step: number,
  made: { row: CandidateRow; candidate: Problem | null },
): CandidateRow {
  const { row, candidate } = made;
  if (!candidate || row.learnability === null) return row;
  const outcome = archive.insert(candidate, row.learnability, step);
  return {
    ...row,
    inserted: outcome.inserted,
    cell: outcome.cell,
    replaced: outcome.inserted ? outcome.replaced : null,
    reason: outcome.inserted ? null : outcome.reason,
  };
}

function stepMetrics(
  archive: Archive,
  step: number,
  batch: { successes: number }[],
  rows: CandidateRow[],
  student: Student,
  attempts: number,
): StepMetrics {
  const mutators: StepMetrics["mutators"] = {};
  for (const row of rows) {
    const m = mutators[row.mutator] ?? { made: 0, valid: 0, inserted: 0 };
    mutators[row.mutator] = m;
    if (row.reason !== NOT_APPLICABLE) m.made++;
    if (row.valid) m.valid++;
    if (row.inserted) m.inserted++;
  }
  const cells: StepMetrics["cells"] = {};
  for (const entry of archive.entries()) {
    const key = cellOf(entry.problem);
    const cell = cells[key] ?? { count: 0, learnability: 0 };
    cells[key] = cell;
    cell.count++;
    cell.learnability += archive.current(entry, step);
  }
  for (const cell of Object.values(cells)) cell.learnability /= cell.count;
  const n = Math.max(1, batch.length);
  return {
    step,
    archiveSize: archive.entries().length,
    coverage: archive.coverage(),
    qdScore: archive.qdScore(step),
    batchLearnability: batch.reduce((s, b) => s + learnabilityOf(b.successes, attempts), 0) / n,
    batchAccuracy: batch.reduce((s, b) => s + b.successes / attempts, 0) / n,
    mutators,
    cells,
    student: student.id,
    ...(student.snapshot ? { competence: student.snapshot() } : {}),
  };
}

function writeBatch(dir: string, step: number, batch: { problem: Problem; learnability: number }[]): void {
  const lines = batch.map(({ problem, learnability }) =>
    JSON.stringify({
      prompt: studentPrompt(problem),
      answer: String(problem.answer),
      id: problem.id,
      setting: problem.setting,
      learnability,
    }),
  );
  mkdirSync(join(dir, "batches"), { recursive: true });
  writeFileSync(join(dir, "batches", `step-${String(step).padStart(4, "0")}.jsonl`), `${lines.join("\n")}\n`);
}

async function runStep(
  store: DejaqStore,
  archive: Archive,
  options: DejaqLoopOptions,
  step: number,
): Promise<StepMetrics> {
  const { config } = options;
  const student = await options.student(step, store.state("student"));
  const random = seededRandom(deriveSeed(config.seed, "batch", step));
  const batch = archive.sampleBatch(config.batchSize, step, random);
  const limiter = createLimiter(options.concurrency ?? 4);
  const stopped = () => new UserError("the DéjàQ run was stopped; resume it with the same --out.");
  const measured = await Promise.all(
    batch.map((entry) =>
      limiter.run(
        () =>
          measure(
            student,
            entry.problem,
            config.attempts,
            deriveSeed(config.seed, "attempt", step, entry.problem.id),
          ),
        options.signal,
      ),
    ),
  );
  const results = batch.map((entry, i) => ({
    problem: entry.problem,
    successes: measured[i] as number,
    attempts: config.attempts,
  }));
  for (const r of results) archive.report(r.problem.id, r.successes, r.attempts, step);
  student.learn?.(results);
  if (options.signal?.aborted) throw stopped();
  const parents = [...batch].sort((a, b) => archive.current(b, step) - archive.current(a, step));
  const summary = summarise(archive, step);
  const slots =
    parents.length === 0 ? [] : Array.from({ length: config.mutationsPerStep }, (_, slot) => slot);
  const made = await Promise.all(
    slots.map((slot) =>
      limiter.run(
        () =>
          makeCandidate(options, {
            step,
            slot,
            parent: parents[slot % parents.length] as ArchiveEntry,
            student,
            summary,
          }),
        options.signal,
      ),
    ),
  );
  if (options.signal?.aborted) throw stopped();
  const rows = made.map((one) => insertCandidate(archive, step, one));
  writeBatch(
    options.dir,
    step,
    results.map((r) => ({ problem: r.problem, learnability: learnabilityOf(r.successes, r.attempts) })),
  );
  const metrics = stepMetrics(archive, step, results, rows, student, config.attempts);
  store.commitStep({
    step,
    metrics,
    state: { archive: archive.toJSON(), ...(student.snapshot ? { student: student.snapshot() } : {}) },
    candidates: rows,
    batch: results.map((r) => ({ problemId: r.problem.id, successes: r.successes, attempts: r.attempts })),
  });
  return metrics;
}

/**
 * Runs (or resumes) the loop in `dir` until `steps` steps are done. A folder with a run keeps its
 * configuration: the one passed must match in seed, batch, attempts and mutations per step.
 */
export async function runDejaqLoop(
  options: DejaqLoopOptions,
): Promise<{ steps: StepMetrics[]; resumedFrom: number; page: string }> {
  mkdirSync(options.dir, { recursive: true });
  // Two loops writing one folder would interleave steps: the second is refused.
  const lock = runLock(options.dir, {
    name: "`dejaq run`",
    readers: "its page (dejaq.html) can be opened while it runs",
  });
  lock.acquire();
  let store: DejaqStore;
  try {
    store = openDejaqStore(join(options.dir, STORE_FILE));
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    const saved = store.getMeta("config");
    if (saved === undefined) store.setMeta("config", JSON.stringify(options.config));
    else checkSameConfig(JSON.parse(saved) as DejaqConfig, options.config);
    let last = store.lastStep();
    const resumedFrom = Math.max(0, last);
    let archive: Archive;
    if (last < 0) {
      archive = seedArchive(options.config);
      const student = await options.student(0, undefined);
      store.commitStep({
        step: 0,
        metrics: stepMetrics(archive, 0, [], [], student, options.config.attempts),
        state: { archive: archive.toJSON() },
        candidates: [],
        batch: [],
      });
      last = 0;
    } else {
      archive = createArchive(options.config.archive, store.state<ArchiveEntry[]>("archive") ?? []);
    }
    const done: StepMetrics[] = [];
    for (let step = last + 1; step <= options.steps; step++) {
      const metrics = await runStep(store, archive, options, step);
      done.push(metrics);
      options.onStep?.(metrics);
    }
    const page = writeDejaqPage(options.dir, {
      config: options.config,
      steps: store.steps().map((row) => row.metrics as StepMetrics),
      candidates: store.candidates(),
    });
    return { steps: done, resumedFrom, page };
  } finally {
    store.close();
    lock.release();
  }
}

function checkSameConfig(saved: DejaqConfig, given: DejaqConfig): void {
  for (const key of ["seed", "batchSize", "attempts", "mutationsPerStep"] as const) {
    if (saved[key] !== given[key]) {
      throw new UserError(
        `this run folder was started with ${key} = ${saved[key]}, not ${given[key]}: use the same value, or another --out.`,
      );
    }
  }
}
