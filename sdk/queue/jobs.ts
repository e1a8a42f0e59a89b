/**
 * The queue's job format (version 1). One evaluation job per (node, task, split, instance, seed);
 * its id hashes the run's key, the program's tree hash and the instance, so a re-added job is the
 * same job (BullMQ ignores a second add of an id) and a resumed run finds what workers finished
 * while it was away. Programs travel by content: stored once under their tree hash.
 */
import { createHash } from "node:crypto";
import type { WorkerSample } from "../../evals/evaluate-instances.js";
import type { Limits, RunResult } from "../../sandbox/types.js";
import type { CallRow } from "../llm/index.js";
import type { SharedBudget } from "./shared-budget.js";

export const JOB_FORMAT = 1;
/** The BullMQ queue every owner and worker of one Redis shares (runs are told apart by `runKey`). */
export const QUEUE_NAME = "hyperagents";
/** How long completed jobs (their results) stay in Redis: a resumed owner takes them from there. */
export const KEEP_RESULTS_S = 7 * 24 * 3600;

export interface EvalJob {
  format: typeof JOB_FORMAT;
  kind: "eval";
  /** Hash of what makes evaluations of one run comparable (see runKeyOf). */
  runKey: string;
  nodeId: string;
  taskId: string;
  split: string;
  instanceId: string;
  /** The run seed: instance seeds derive from it, exactly as in a local run. */
  seed: number;
  /** Git tree hash of the program: its files are at programKey(tree). */
  tree: string;
  /** Model spec behind the task agent's `ctx.llm`; the worker's own environment holds the key. */
  taskModel: string;
  limits: Limits;
  /** What is left of the run's budget when the job was added (null: no budget). */
  budgetLeftUsd: number | null;
  /** The run's budget, shared by every worker through Redis (absent: no budget, or an older owner). */
  budget?: SharedBudget;
  /** For an eval log's sample: the result also carries the agent's answer and the model calls' texts. */
  withSample?: true;
}

/**
 * A meta step on a worker (`--remote-meta`): the meta agent's program (with its entry file) edits
 * a scratch copy of the parent's program; the changed files come back and the owner commits them.
 */
export interface MetaJob {
  format: typeof JOB_FORMAT;
  kind: "meta";
  runKey: string;
  nodeId: string;
  /** Tree hash of the program whose meta agent runs (its entry file included). */
  metaTree: string;
  /** Tree hash of the program it edits (the parent's). */
  worktreeTree: string;
  entry: string;
  export: string;
  data: unknown;
  seed: number;
  metaModel: string;
  limits: Partial<Limits>;
  budgetLeftUsd: number | null;
  budget?: SharedBudget;
}

export interface MetaResult {
  format: typeof JOB_FORMAT;
  /** The sandbox's result (value or typed failure, logs, stats). */
  run: RunResult;
  /** Files the meta agent changed: new content, or null for a deleted file. */
  changes: Record<string, string | null>;
  transcript: unknown[];
  calls: CallRow[];
  refused: boolean;
  fatal: string | null;
  worker: string;
}

export type QueueJob = EvalJob | MetaJob;
export type QueueResult = EvalResult | MetaResult;

/** One model call made on a worker, returned with the result and recorded in the owner's ledger. */
export type { CallRow };

export interface EvalResult {
  format: typeof JOB_FORMAT;
  score: number;
  error: string | null;
  details: unknown;
  wallMs: number;
  calls: CallRow[];
  /** A model call was refused because the run's budget was spent. */
  refused: boolean;
  /** A failure no agent can work around (bad key on the worker): the run stops. */
  fatal: string | null;
  /** `host:pid` of the worker that ran it. */
  worker: string;
  /** With `withSample`: the agent's last answer, and every model call with its messages and reply. */
  sample?: WorkerSample;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The run's key: what decides an evaluation's result besides the program and the instance. */
export function runKeyOf(config: {
  seed: number;
  tasks: readonly string[];
  taskModel: string;
  limits: { task: Limits };
  createdAt: string;
}): string {
  const { seed, tasks, taskModel, limits, createdAt } = config;
  return sha256(JSON.stringify({ seed, tasks, taskModel, limits: limits.task, createdAt })).slice(0, 24);
}

/** BullMQ refuses ids with ':' (and integers): a hex digest with a letter in front. */
export function evalJobId(
  job: Pick<EvalJob, "runKey" | "tree" | "taskId" | "split" | "instanceId" | "seed">,
) {
  const key = JSON.stringify([job.runKey, job.tree, job.taskId, job.split, job.instanceId, job.seed]);
  return `e${sha256(key).slice(0, 40)}`;
}

/** A meta job is keyed by the run, the node and both programs: a resumed run redoes it only if they differ. */
export function metaJobId(job: Pick<MetaJob, "runKey" | "nodeId" | "metaTree" | "worktreeTree" | "seed">) {
  return `m${sha256(JSON.stringify([job.runKey, job.nodeId, job.metaTree, job.worktreeTree, job.seed])).slice(0, 40)}`;
}

export const programKey = (tree: string) => `hyperagents:program:${tree}`;

/**
 * Begins a worker's failure when Redis lacks a program the job reads (flushed, or restarted
 * without persistence while the job was in a worker's hands). The owner holds every program it
 * waits on: it stores them again and re-adds the job, a few times, before it gives up.
 */
export const LOST_PROGRAM = "lost program:";

/**
 * Git's tree hash of a program's files (regular files, mode 100644): the same id the program
 * store gives the node's tree, computed from the files alone.
 */
export function treeHashOf(files: Readonly<Record<string, string>>): string {
  const root: Dir = new Map();
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split("/");
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.get(part);
      if (!(next instanceof Map)) {
        next = new Map();
        dir.set(part, next);
      }
      dir = next;
    }
    dir.set(parts.at(-1) ?? path, Buffer.from(content, "utf8"));
  }
  return hashTree(root);
}

type Dir = Map<string, Dir | Buffer>;

const gitHash = (type: string, body: Buffer) =>
  createHash("sha1").update(`${type} ${body.length}\0`).update(body).digest();

function hashTree(dir: Dir): string {
  return gitHash("tree", treeBody(dir)).toString("hex");
}

function treeBody(dir: Dir): Buffer {
  // Git sorts entries by name, a folder as if its name ended in '/'.
  const sortKey = ([name, value]: [string, Dir | Buffer]) => (value instanceof Map ? `${name}/` : name);
  const entries = [...dir.entries()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const parts: Buffer[] = [];
  for (const [name, value] of entries) {
    const isDir = value instanceof Map;
    const oid = isDir ? gitHash("tree", treeBody(value)) : gitHash("blob", value);
    parts.push(Buffer.from(`${isDir ? "40000" : "100644"} ${name}\0`), oid);
  }
  return Buffer.concat(parts);
}
