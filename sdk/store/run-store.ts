/**
 * The run store: one SQLite file per run (`run.sqlite`, WAL). Every state change is one
 * transaction, so a run killed at any instant (SIGKILL included) leaves a consistent file.
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { SystemError, UserError } from "../errors.js";
import { guardDamage, rethrowDamage } from "./damage.js";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./schema.js";

const require = createRequire(import.meta.url);

export type NodeStatus = "pending" | "valid" | "invalid";

export interface NodeRecord {
  id: string;
  parentId: string | null;
  generation: number;
  slot: number;
  createdBy: string | null;
  status: NodeStatus;
  rejectStage: string | null;
  rejectReason: string | null;
  commit: string | null;
  tree: string | null;
  duplicateOf: string | null;
  selectable: boolean;
  /** Whether this program's own select_parent.ts may pick parents (editable selection). */
  canSelect: boolean;
  compiled: boolean;
  score: number | null;
  diffLines: number | null;
  metaMs: number | null;
  evalMs: number | null;
  summary: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ScoreRecord {
  nodeId: string;
  taskId: string;
  split: string;
  stage: "sample" | "full";
  score: number;
  evaluated: number;
  total: number;
}

export interface EvaluationRecord {
  nodeId: string;
  taskId: string;
  split: string;
  instanceId: string;
  score: number;
  error: string | null;
  details: unknown;
  wallMs: number;
}

export interface ModelCallRecord {
  nodeId: string | null;
  role: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cached: boolean;
  latencyMs: number;
}

export interface CostRecord {
  nodeId: string | null;
  role: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface EventRecord {
  seq: number;
  type: string;
  nodeId: string | null;
  generation: number | null;
  payload: unknown;
  createdAt: string;
}

export interface NodeOutcome {
  status: "valid" | "invalid";
  rejectStage?: string;
  rejectReason?: string;
  commit?: string;
  tree?: string;
  duplicateOf?: string;
  compiled?: boolean;
  score?: number;
  diffLines?: number;
  metaMs?: number;
  evalMs?: number;
  summary?: string;
  scores?: ScoreRecord[];
  evaluations?: EvaluationRecord[];
}

export interface RunStore {
  readonly file: string;
  readonly schemaVersion: number;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  beginGeneration(generation: number): void;
  finishGeneration(generation: number): void;
  generationStatus(generation: number): "running" | "done" | undefined;
  insertPendingNode(node: {
    id: string;
    parentId: string | null;
    generation: number;
    slot: number;
    createdBy: string | null;
  }): void;
  finishNode(id: string, outcome: NodeOutcome): void;
  markUnselectable(id: string): void;
  markCannotSelect(id: string): void;
  /** Records a pending node's commit and tree as soon as it exists (duplicate detection). */
  setCommit(id: string, commit: string, tree: string): void;
  /** Adds scores to a finished node (the test split at the end of a run). */
  recordScores(nodeId: string, scores: ScoreRecord[], evaluations: EvaluationRecord[]): void;
  node(id: string): NodeRecord | undefined;
  nodes(): NodeRecord[];
  scores(nodeId?: string): ScoreRecord[];
  evaluations(nodeId: string, split?: string): EvaluationRecord[];
  recordModelCall(call: ModelCallRecord): void;
  costs(): CostRecord[];
  totalCostUsd(): number;
  appendEvent(event: {
    type: string;
    nodeId?: string | null;
    generation?: number | null;
    payload: unknown;
  }): void;
  events(afterSeq?: number): EventRecord[];
  /** Removes nodes left pending by a killed run; returns their ids (their git refs go too). */
  discardPending(): string[];
  close(): void;
}

type Row = Record<string, unknown>;

const now = () => new Date().toISOString();

function toNode(row: Row): NodeRecord {
  return {
    id: row.id as string,
    parentId: (row.parent_id as string | null) ?? null,
    generation: row.generation as number,
    slot: row.slot as number,
    createdBy: (row.created_by as string | null) ?? null,
    status: row.status as NodeStatus,
    rejectStage: (row.reject_stage as string | null) ?? null,
    rejectReason: (row.reject_reason as string | null) ?? null,
    commit: (row.commit_sha as string | null) ?? null,
    tree: (row.tree as string | null) ?? null,
    duplicateOf: (row.duplicate_of as string | null) ?? null,
    selectable: row.selectable === 1,
    canSelect: row.can_select === 1,
    compiled: row.compiled === 1,
    score: (row.score as number | null) ?? null,
    diffLines: (row.diff_lines as number | null) ?? null,
    metaMs: (row.meta_ms as number | null) ?? null,
    evalMs: (row.eval_ms as number | null) ?? null,
    summary: (row.summary as string | null) ?? null,
    createdAt: row.created_at as string,
    finishedAt: (row.finished_at as string | null) ?? null,
  };
}

function toScore(row: Row): ScoreRecord {
  return {
    nodeId: row.node_id as string,
    taskId: row.task_id as string,
    split: row.split as string,
    stage: row.stage as "sample" | "full",
    score: row.score as number,
    evaluated: row.evaluated as number,
    total: row.total as number,
  };
}

export interface OpenRunStoreOptions {
  /** Open an existing store without creating or migrating it (reports, inspection). */
  readonly?: boolean;
}

export function openRunStore(file: string, options: OpenRunStoreOptions = {}): RunStore {
  try {
    return openStore(file, options);
  } catch (error) {
    rethrowDamage(file, error);
  }
}

/**
 * Whether the store reads back whole (`PRAGMA quick_check`): a truncated or overwritten file
 * may open and fail only at the page a query reaches, so a writer checks it before resuming.
 */
export function checkRunStore(file: string): void {
  const store = openRunStore(file, { readonly: true });
  store.close();
  const Database = require("better-sqlite3") as typeof BetterSqlite3;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (db.pragma("user_version", { simple: true }) === 0) {
      throw Object.assign(new Error("it holds no run: the file is empty or was replaced"), {
        code: "SQLITE_NOTADB",
      });
    }
    const rows = db.pragma("quick_check") as { quick_check: string }[];
    const problems = rows.map((row) => row.quick_check).filter((text) => text !== "ok");
    if (problems.length > 0)
      throw Object.assign(new Error(problems.slice(0, 3).join("; ")), { code: "SQLITE_CORRUPT" });
    // A file cut at a page boundary can pass quick_check with whole tables missing.
    for (const table of ["meta", "nodes", "scores", "generations", "events"]) {
      try {
        db.prepare(`SELECT COUNT(*) FROM ${table}`).get();
      } catch (error) {
        throw Object.assign(new Error(`table ${table}: ${(error as Error).message}`), {
          code: "SQLITE_CORRUPT",
        });
      }
    }
  } catch (error) {
    rethrowDamage(file, error);
  } finally {
    db.close();
  }
}

function openStore(file: string, options: OpenRunStoreOptions): RunStore {
  const Database = require("better-sqlite3") as typeof BetterSqlite3;
  let db: BetterSqlite3.Database;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (error) {
    if (options.readonly) {
      throw new UserError(
        `no run store at ${file}: pass the directory of a run made by \`hyperagents evolve\``,
        {
          cause: error,
        },
      );
    }
    // Damage and a refusing file system (read-only, full) name the file; anything else is ours.
    if (
      /^SQLITE_(CORRUPT|NOTADB|READONLY|FULL|IOERR|CANTOPEN|PERM)/.test(
        String((error as { code?: unknown }).code),
      )
    )
      rethrowDamage(file, error);
    throw new SystemError(`cannot open the run store ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!options.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
  }
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new UserError(
      `${file} has schema version ${version}, newer than this hyperagents (${SCHEMA_VERSION}): upgrade hyperagents`,
    );
  }
  if (version === 0 && !options.readonly) {
    db.exec(SCHEMA_SQL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  // Migrations from older versions go here, one step per version.

  const stmt = {
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ),
    beginGeneration: db.prepare(
      "INSERT INTO generations (generation, status, started_at) VALUES (?, 'running', ?) ON CONFLICT(generation) DO NOTHING",
    ),
    finishGeneration: db.prepare(
      "UPDATE generations SET status = 'done', finished_at = ? WHERE generation = ?",
    ),
    generationStatus: db.prepare("SELECT status FROM generations WHERE generation = ?").pluck(),
    insertNode: db.prepare(
      `INSERT INTO nodes (id, parent_id, generation, slot, created_by, status, created_at)
       VALUES (@id, @parentId, @generation, @slot, @createdBy, 'pending', @createdAt)`,
    ),
    finishNode: db.prepare(
      `UPDATE nodes SET status = @status, reject_stage = @rejectStage, reject_reason = @rejectReason,
        commit_sha = @commit, tree = @tree, duplicate_of = @duplicateOf, compiled = @compiled, score = @score,
        diff_lines = @diffLines, meta_ms = @metaMs, eval_ms = @evalMs, summary = @summary, finished_at = @finishedAt
       WHERE id = @id`,
    ),
    insertScore: db.prepare(
      `INSERT OR REPLACE INTO scores (node_id, task_id, split, stage, score, evaluated, total)
       VALUES (@nodeId, @taskId, @split, @stage, @score, @evaluated, @total)`,
    ),
    insertEvaluation: db.prepare(
      `INSERT OR REPLACE INTO evaluations (node_id, task_id, split, instance_id, score, error, details, wall_ms)
       VALUES (@nodeId, @taskId, @split, @instanceId, @score, @error, @details, @wallMs)`,
    ),
    markUnselectable: db.prepare("UPDATE nodes SET selectable = 0 WHERE id = ?"),
    markCannotSelect: db.prepare("UPDATE nodes SET can_select = 0 WHERE id = ?"),
    setCommit: db.prepare("UPDATE nodes SET commit_sha = ?, tree = ? WHERE id = ?"),
    node: db.prepare("SELECT * FROM nodes WHERE id = ?"),
    nodes: db.prepare("SELECT * FROM nodes ORDER BY generation, slot"),
    scoresAll: db.prepare("SELECT * FROM scores ORDER BY node_id, task_id, split"),
    scoresOf: db.prepare("SELECT * FROM scores WHERE node_id = ? ORDER BY task_id, split"),
    evaluationsOf: db.prepare(
      "SELECT * FROM evaluations WHERE node_id = ? ORDER BY task_id, split, instance_id",
    ),
    evaluationsOfSplit: db.prepare(
      "SELECT * FROM evaluations WHERE node_id = ? AND split = ? ORDER BY task_id, instance_id",
    ),
    recordCall: db.prepare(
      `INSERT INTO model_calls (node_id, role, model, input_tokens, output_tokens, cost_usd, cached, latency_ms, created_at)
       VALUES (@nodeId, @role, @model, @inputTokens, @outputTokens, @costUsd, @cached, @latencyMs, @createdAt)`,
    ),
    costs: db.prepare(
      `SELECT node_id, role, COUNT(*) AS calls, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
        SUM(cost_usd) AS cost_usd FROM model_calls GROUP BY node_id, role ORDER BY node_id, role`,
    ),
    totalCost: db.prepare("SELECT COALESCE(SUM(cost_usd), 0) FROM model_calls").pluck(),
    appendEvent: db.prepare(
      "INSERT INTO events (type, node_id, generation, payload, created_at) VALUES (?, ?, ?, ?, ?)",
    ),
    events: db.prepare("SELECT * FROM events WHERE seq > ? ORDER BY seq"),
    pending: db.prepare("SELECT id FROM nodes WHERE status = 'pending'").pluck(),
    deleteNodeRows: [
      db.prepare("DELETE FROM evaluations WHERE node_id = ?"),
      db.prepare("DELETE FROM scores WHERE node_id = ?"),
      db.prepare("DELETE FROM model_calls WHERE node_id = ?"),
      db.prepare("DELETE FROM nodes WHERE id = ?"),
    ],
  };

  const finishNode = db.transaction((id: string, outcome: NodeOutcome) => {
    const result = stmt.finishNode.run({
      id,
      status: outcome.status,
      rejectStage: outcome.rejectStage ?? null,
      rejectReason: outcome.rejectReason ?? null,
      commit: outcome.commit ?? null,
      tree: outcome.tree ?? null,
      duplicateOf: outcome.duplicateOf ?? null,
      compiled: outcome.compiled ? 1 : 0,
      score: outcome.score ?? null,
      diffLines: outcome.diffLines ?? null,
      metaMs: outcome.metaMs ?? null,
      evalMs: outcome.evalMs ?? null,
      summary: outcome.summary ?? null,
      finishedAt: now(),
    });
    if (result.changes !== 1) throw new SystemError(`node ${id} is not in the run store`);
    recordScores(outcome.scores ?? [], outcome.evaluations ?? []);
  });

  const insertEvaluations = (evaluations: readonly EvaluationRecord[]) => {
    for (const evaluation of evaluations) {
      stmt.insertEvaluation.run({
        ...evaluation,
        details: evaluation.details === undefined ? null : JSON.stringify(evaluation.details),
      });
    }
  };

  const recordScores = db.transaction((scores: ScoreRecord[], evaluations: EvaluationRecord[]) => {
    for (const score of scores) stmt.insertScore.run(score);
    insertEvaluations(evaluations);
  });

  const discardPending = db.transaction(() => {
    const ids = stmt.pending.all() as string[];
    for (const id of ids) for (const statement of stmt.deleteNodeRows) statement.run(id);
    return ids;
  });

  return guardDamage(file, {
    file,
    schemaVersion: version === 0 ? SCHEMA_VERSION : version,
    getMeta: (key) => (stmt.getMeta.get(key) as string | undefined) ?? undefined,
    setMeta: (key, value) => void stmt.setMeta.run(key, value),
    beginGeneration: (generation) => void stmt.beginGeneration.run(generation, now()),
    finishGeneration: (generation) => void stmt.finishGeneration.run(now(), generation),
    generationStatus: (generation) =>
      (stmt.generationStatus.get(generation) as "running" | "done" | undefined) ?? undefined,
    insertPendingNode: (node) => void stmt.insertNode.run({ ...node, createdAt: now() }),
    finishNode: (id, outcome) => finishNode(id, outcome),
    markUnselectable: (id) => void stmt.markUnselectable.run(id),
    markCannotSelect: (id) => void stmt.markCannotSelect.run(id),
    setCommit: (id, commit, tree) => void stmt.setCommit.run(commit, tree, id),
    recordScores: (_nodeId, scores, evaluations) => recordScores(scores, evaluations),
    node: (id) => {
      const row = stmt.node.get(id) as Row | undefined;
      return row ? toNode(row) : undefined;
    },
    nodes: () => (stmt.nodes.all() as Row[]).map(toNode),
    scores: (nodeId) =>
      ((nodeId === undefined ? stmt.scoresAll.all() : stmt.scoresOf.all(nodeId)) as Row[]).map(toScore),
    evaluations: (nodeId, split) =>
      (
        (split === undefined
          ? stmt.evaluationsOf.all(nodeId)
          : stmt.evaluationsOfSplit.all(nodeId, split)) as Row[]
      ).map((row) => ({
        nodeId: row.node_id as string,
        taskId: row.task_id as string,
        split: row.split as string,
        instanceId: row.instance_id as string,
        score: row.score as number,
        error: (row.error as string | null) ?? null,
        details: row.details === null ? undefined : JSON.parse(row.details as string),
        wallMs: row.wall_ms as number,
      })),
    recordModelCall: (call) =>
      void stmt.recordCall.run({ ...call, cached: call.cached ? 1 : 0, createdAt: now() }),
    costs: () =>
      (stmt.costs.all() as Row[]).map((row) => ({
        nodeId: (row.node_id as string | null) ?? null,
        role: row.role as string,
        calls: row.calls as number,
        inputTokens: row.input_tokens as number,
        outputTokens: row.output_tokens as number,
        costUsd: row.cost_usd as number,
      })),
    totalCostUsd: () => stmt.totalCost.get() as number,
    appendEvent: (event) =>
      void stmt.appendEvent.run(
        event.type,
        event.nodeId ?? null,
        event.generation ?? null,
        JSON.stringify(event.payload),
        now(),
      ),
    events: (afterSeq = 0) =>
      (stmt.events.all(afterSeq) as Row[]).map((row) => ({
        seq: row.seq as number,
        type: row.type as string,
        nodeId: (row.node_id as string | null) ?? null,
        generation: (row.generation as number | null) ?? null,
        payload: JSON.parse(row.payload as string),
        createdAt: row.created_at as string,
      })),
    discardPending: () => discardPending(),
    close: () => db.close(),
  });
}
