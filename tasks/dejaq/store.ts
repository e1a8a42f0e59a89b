/**
 * The DéjàQ run store: `dejaq.sqlite` (better-sqlite3, WAL) in the run folder. One step is one
 * transaction (the archive, the student's state, the step's metrics, candidates and batch), so
 * a run killed at any instant resumes from its last whole step. Schema version 1.
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { SystemError, UserError } from "../../sdk/errors.js";

const require = createRequire(import.meta.url);

export const DEJAQ_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS steps (step INTEGER PRIMARY KEY, json TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS candidates (
  step INTEGER NOT NULL, slot INTEGER NOT NULL, id TEXT NOT NULL, parent_id TEXT NOT NULL,
  mutator TEXT NOT NULL, kind TEXT NOT NULL, valid INTEGER NOT NULL, reason TEXT,
  learnability REAL, inserted INTEGER NOT NULL, cell TEXT, replaced TEXT, problem TEXT,
  PRIMARY KEY (step, slot)
);
CREATE TABLE IF NOT EXISTS batch (
  step INTEGER NOT NULL, problem_id TEXT NOT NULL, successes INTEGER NOT NULL, attempts INTEGER NOT NULL,
  PRIMARY KEY (step, problem_id)
);
`;

export interface CandidateRow {
  step: number;
  slot: number;
  id: string;
  parentId: string;
  mutator: string;
  kind: string;
  valid: boolean;
  reason: string | null;
  learnability: number | null;
  inserted: boolean;
  cell: string | null;
  replaced: string | null;
  /** The candidate problem as JSON (null when the mutator made none). */
  problem: string | null;
}

export interface StepCommit {
  step: number;
  metrics: unknown;
  state: Record<string, unknown>;
  candidates: CandidateRow[];
  batch: { problemId: string; successes: number; attempts: number }[];
}

export interface DejaqStore {
  readonly file: string;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  state<T>(key: string): T | undefined;
  /** The last whole step (0 after seeding, -1 before). */
  lastStep(): number;
  commitStep(commit: StepCommit): void;
  steps(): { step: number; metrics: unknown }[];
  candidates(): CandidateRow[];
  close(): void;
}

export function openDejaqStore(file: string, options: { readonly?: boolean } = {}): DejaqStore {
  const Database = require("better-sqlite3") as typeof BetterSqlite3;
  let db: BetterSqlite3.Database;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (error) {
    if (options.readonly) throw new UserError(`no DéjàQ run at ${file}: pass the folder of a \`dejaq run\`.`);
    throw new SystemError(`cannot open ${file}: ${(error as Error).message}`, { cause: error });
  }
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > DEJAQ_SCHEMA_VERSION) {
    db.close();
    throw new UserError(
      `${file} has DéjàQ schema ${version}, newer than this hyperagents: upgrade hyperagents.`,
    );
  }
  if (!options.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    if (version === 0) {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${DEJAQ_SCHEMA_VERSION}`);
    }
  }
  const putState = db.prepare(
    "INSERT INTO state (key, json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json",
  );
  const putStep = db.prepare("INSERT OR REPLACE INTO steps (step, json, created_at) VALUES (?, ?, ?)");
  const putCandidate = db.prepare(
    `INSERT OR REPLACE INTO candidates VALUES (@step, @slot, @id, @parentId, @mutator, @kind, @valid, @reason,
     @learnability, @inserted, @cell, @replaced, @problem)`,
  );
  const putBatch = db.prepare("INSERT OR REPLACE INTO batch VALUES (?, ?, ?, ?)");
  const commitStep = db.transaction((commit: StepCommit) => {
    for (const [key, value] of Object.entries(commit.state)) putState.run(key, JSON.stringify(value));
    putState.run("step", JSON.stringify(commit.step));
    putStep.run(commit.step, JSON.stringify(commit.metrics), new Date().toISOString());
    for (const row of commit.candidates) {
      putCandidate.run({ ...row, valid: row.valid ? 1 : 0, inserted: row.inserted ? 1 : 0 });
    }
    for (const row of commit.batch) putBatch.run(commit.step, row.problemId, row.successes, row.attempts);
  });
  const stateOf = <T>(key: string): T | undefined => {
    const row = db.prepare("SELECT json FROM state WHERE key = ?").pluck().get(key) as string | undefined;
    return row === undefined ? undefined : (JSON.parse(row) as T);
  };
  return {
    file,
    getMeta: (key) =>
      db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(key) as string | undefined,
    setMeta: (key, value) => {
      db.prepare("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
        key,
        value,
      );
    },
    state: stateOf,
    lastStep: () => stateOf<number>("step") ?? -1,
    commitStep: (commit) => commitStep(commit),
    steps: () =>
      (
        db.prepare("SELECT step, json FROM steps ORDER BY step").all() as { step: number; json: string }[]
      ).map((row) => ({ step: row.step, metrics: JSON.parse(row.json) as unknown })),
    candidates: () =>
      (db.prepare("SELECT * FROM candidates ORDER BY step, slot").all() as Record<string, unknown>[]).map(
        (row) => ({
          step: row.step as number,
          slot: row.slot as number,
          id: row.id as string,
          parentId: row.parent_id as string,
          mutator: row.mutator as string,
          kind: row.kind as string,
          valid: row.valid === 1,
          reason: (row.reason as string | null) ?? null,
          learnability: (row.learnability as number | null) ?? null,
          inserted: row.inserted === 1,
          cell: (row.cell as string | null) ?? null,
          replaced: (row.replaced as string | null) ?? null,
          problem: (row.problem as string | null) ?? null,
        }),
      ),
    close: () => db.close(),
  };
}
