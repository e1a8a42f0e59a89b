/**
 * A meta step on a worker (`--remote-meta`): the meta agent edits a scratch copy of the parent's
 * program in this machine's sandbox, and the job returns what it changed, its logs, transcript and
 * model calls. The owner writes the changes into its worktree, then commits and gates as usual.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { UserError } from "../errors.js";
import type { TranscriptEntry } from "../llm/index.js";
import type { JobHost } from "./eval-job.js";
import { workerName } from "./eval-job.js";
import { JOB_FORMAT, LOST_PROGRAM, type MetaJob, type MetaResult } from "./jobs.js";
import { workerModel } from "./worker-model.js";

function writeProgram(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function readProgram(root: string, dir = root, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) readProgram(root, path, out);
    else if (stat?.isFile()) out[relative(root, path).split("\\").join("/")] = readFileSync(path, "utf8");
  }
  return out;
}

/** New or changed files with their content, deleted ones as null. */
export function changedFiles(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const [path, content] of Object.entries(after)) if (before[path] !== content) changes[path] = content;
  for (const path of Object.keys(before)) if (!(path in after)) changes[path] = null;
  return changes;
}

export async function runMetaJob(job: MetaJob, host: JobHost): Promise<MetaResult> {
  if (job.format !== JOB_FORMAT)
    throw new UserError(
      `job format ${job.format}; worker ${workerName()} reads ${JOB_FORMAT}: use the same hyperagents on the owner and the workers`,
    );
  const [metaFiles, parentFiles] = await Promise.all([
    host.program(job.metaTree),
    host.program(job.worktreeTree),
  ]);
  if (!metaFiles || !parentFiles)
    throw new UserError(
      `${LOST_PROGRAM} a program of meta job ${job.nodeId} is not in Redis (expired or flushed): resume the run to add it again`,
    );
  const worktree = mkdtempSync(join(tmpdir(), "ha-meta-"));
  const transcript: TranscriptEntry[] = [];
  const { model, calls, outcome } = workerModel(job.metaModel, job, host, transcript);
  try {
    writeProgram(worktree, parentFiles);
    const result = await host.sandbox.run({
      files: metaFiles,
      entry: job.entry,
      export: job.export,
      input: null,
      capabilities: { llm: model, files: { root: worktree }, data: job.data },
      limits: job.limits,
      seed: job.seed,
    });
    return {
      format: JOB_FORMAT,
      run: result,
      changes: changedFiles(parentFiles, readProgram(worktree)),
      transcript,
      calls,
      ...outcome,
      worker: workerName(),
    };
  } finally {
    rmSync(worktree, { recursive: true, force: true });
  }
}
