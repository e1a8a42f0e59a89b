/**
 * `hyperagents dejaq run --teacher SPEC --student SPEC --steps N [--out DIR]`: runs (or resumes)
 * the DéjàQ loop into a run folder (`dejaq.sqlite`, `batches/step-NNNN.jsonl`, `page.html`).
 * `--teacher offline --student simulated` needs no model. A run folder that already holds a run
 * is resumed up to N steps. Before every step the student spec is read again from
 * `DIR/student.spec` when that file exists, so a trainer can hand over a new endpoint.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  DEFAULT_DEJAQ_CONFIG,
  type DejaqConfig,
  runDejaqLoop,
  type StepMetrics,
} from "../../../tasks/dejaq/loop.js";
import { type Mutator, OFFLINE_MUTATORS, teacherMutators } from "../../../tasks/dejaq/mutators/index.js";
import { chatStudent, type Skill, type Student, simulatedStudent } from "../../../tasks/dejaq/student.js";
import { UserError } from "../../errors.js";
import { cliModel } from "../cli-model.js";
import type { CliIo } from "../io.js";

export interface DejaqRunOptions {
  /** "offline" or a model spec ("openai:gpt-4o-mini"). */
  teacher: string;
  /** "simulated" or a model spec. */
  student: string;
  steps: number;
  /** Run folder; default `runs/dejaq-<seed>` under the working directory. */
  out?: string;
  seed?: number;
  /** Problems per batch (B), default 16. */
  batch?: number;
  /** Attempts per problem (G), default 8. */
  attempts?: number;
  /** Candidates per step, default 8. */
  mutations?: number;
  /** Problems per archive cell, default 4. */
  capacity?: number;
  /** "all" (DéjàQ-A, default) or "setting" (DéjàQ-S: setting mutations only). */
  mutators?: "all" | "setting";
  /** Problems and candidates handled at once (model calls in flight: this × attempts), default 4. */
  concurrency?: number;
  json?: boolean;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1)
    throw new UserError(`--${name} must be a whole number of at least 1, got ${value}.`);
  return v;
}

function mutatorsFor(options: DejaqRunOptions, io: CliIo): Mutator[] {
  const all =
    options.teacher.trim() === "offline"
      ? [...OFFLINE_MUTATORS]
      : teacherMutators(cliModel(options.teacher, io.env));
  if (options.mutators === undefined || options.mutators === "all") return all;
  if (options.mutators === "setting") return all.filter((m) => m.kind === "setting");
  throw new UserError(`--mutators must be "all" or "setting", got "${options.mutators}".`);
}

/** The student for each step: the simulated one persists; a model spec may change via student.spec. */
function studentSource(options: DejaqRunOptions, dir: string, io: CliIo) {
  let simulated: Student | undefined;
  const cache = new Map<string, Student>();
  return (_step: number, saved: unknown): Student => {
    const file = join(dir, "student.spec");
    const override = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
    const spec = override !== "" ? override : options.student.trim();
    if (spec === "simulated") {
      simulated ??= simulatedStudent({
        seed: options.seed ?? 0,
        ...(saved ? { competence: saved as Record<Skill, number> } : {}),
      });
      return simulated;
    }
    let student = cache.get(spec);
    if (!student) {
      student = chatStudent(cliModel(spec, io.env));
      cache.set(spec, student);
    }
    return student;
  };
}

function line(m: StepMetrics): string {
  const made = Object.values(m.mutators).reduce((s, x) => s + x.made, 0);
  const valid = Object.values(m.mutators).reduce((s, x) => s + x.valid, 0);
  const inserted = Object.values(m.mutators).reduce((s, x) => s + x.inserted, 0);
  return `step ${m.step}: archive ${m.archiveSize}, coverage ${(m.coverage * 100).toFixed(0)}%, QD ${m.qdScore.toFixed(2)}, batch learnability ${m.batchLearnability.toFixed(3)}, accuracy ${(m.batchAccuracy * 100).toFixed(0)}%, candidates ${valid}/${made} valid, ${inserted} inserted\n`;
}

export async function dejaqRunCommand(
  options: DejaqRunOptions,
  io: CliIo,
): Promise<{ dir: string; page: string; last: StepMetrics | undefined }> {
  const seed = options.seed ?? 0;
  const steps = positive("steps", options.steps, 10);
  const config: DejaqConfig = {
    ...DEFAULT_DEJAQ_CONFIG,
    seed,
    batchSize: positive("batch", options.batch, DEFAULT_DEJAQ_CONFIG.batchSize),
    attempts: positive("attempts", options.attempts, DEFAULT_DEJAQ_CONFIG.attempts),
    mutationsPerStep: positive("mutations", options.mutations, DEFAULT_DEJAQ_CONFIG.mutationsPerStep),
    archive: { capacity: positive("capacity", options.capacity, 4) },
    teacher: options.teacher,
    student: options.student,
  };
  const dir = resolve(io.cwd, options.out ?? join("runs", `dejaq-${seed}`));
  const result = await runDejaqLoop({
    dir,
    steps,
    config,
    mutators: mutatorsFor(options, io),
    student: studentSource(options, dir, io),
    concurrency: positive("concurrency", options.concurrency, 4),
    onStep: (m) => {
      if (!options.json) io.stderr(line(m));
    },
  });
  const last = result.steps.at(-1);
  if (options.json)
    io.stdout(
      `${JSON.stringify({ dir, page: result.page, resumedFrom: result.resumedFrom, last }, null, 2)}\n`,
    );
  else
    io.stdout(
      `DéjàQ run in ${dir} (${result.steps.length} steps run, resumed from step ${result.resumedFrom}); page: ${result.page}\n`,
    );
  return { dir, page: result.page, last };
}
