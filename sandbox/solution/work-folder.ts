/**
 * The solution's work folder: ./data holds only the agent-visible splits of the task's data
 * folder (train, validation, test; never test_with_labels), as copies (reflinks where the file
 * system can). A Hugging Face save_to_disk split is a folder: each file in it is copied. A stale
 * submission.csv is removed so an old one never counts for this run. A task's kit (modules a
 * solution may import: an environment, an exact evaluator) is copied to ./kit, so the solution's
 * edits to it change its own copy only.
 */
import { constants } from "node:fs";
import { copyFile, lstat, mkdir, readdir, realpath, rm, stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../sdk/errors.js";

/** The splits a solution sees. Anything else in the data folder stays on the host's side. */
export const VISIBLE_SPLITS = ["train", "validation", "test"] as const;

/** `train`, `train.csv`, `test.jsonl`, ...: a visible split's name, optionally with extensions. */
const VISIBLE_ENTRY = /^(train|validation|test)(\.[A-Za-z0-9]+)*$/;

export function isVisibleEntry(name: string): boolean {
  return VISIBLE_ENTRY.test(name);
}

export interface WorkFolder {
  /** The work folder's real path. */
  work: string;
}

/** Creates `workDir` (if missing), its ./data and, when the task has a kit, its ./kit. */
export async function prepareWorkFolder(
  workDir: string,
  dataDir: string,
  kitDir?: string,
): Promise<WorkFolder> {
  const dataStat = await stat(dataDir).catch(() => undefined);
  if (dataStat === undefined || !dataStat.isDirectory()) {
    throw new UserError(
      `data folder ${dataDir} does not exist or is not a folder: pass the task's data folder`,
    );
  }
  await mkdir(workDir, { recursive: true }).catch((error: unknown) => {
    throw new UserError(`cannot create work folder ${workDir}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  if (!(await stat(workDir)).isDirectory()) throw new UserError(`work folder ${workDir} is not a folder`);
  const work = await realpath(workDir);
  const source = await realpath(dataDir);
  if (isInside(work, source) || isInside(source, work)) {
    throw new UserError(`work folder ${workDir} and data folder ${dataDir} must not contain one another`);
  }
  const target = path.join(work, "data");
  await rm(target, { recursive: true, force: true });
  await rm(path.join(work, "submission.csv"), { force: true });
  await mkdir(target);
  for (const entry of await readdir(source)) {
    if (isVisibleEntry(entry)) await copyTree(path.join(source, entry), path.join(target, entry));
  }
  const kit = path.join(work, "kit");
  await rm(kit, { recursive: true, force: true });
  if (kitDir !== undefined) {
    if (!(await stat(kitDir).catch(() => undefined))?.isDirectory())
      throw new UserError(`kit folder ${kitDir} does not exist: a task's kit is a folder of modules`);
    await copyTree(kitDir, kit);
  }
  return { work };
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * Copies a file, or recreates a folder and copies each file in it; symbolic links are followed.
 * Copies, not hard links: the permission model checks paths, not inodes, so a solution could
 * write through a link into the task's own (shared, cached) data and poison later runs.
 * COPYFILE_FICLONE makes it a cheap reflink where the file system can.
 */
async function copyTree(from: string, to: string): Promise<void> {
  const info = await stat(from);
  if (info.isDirectory()) {
    await mkdir(to);
    for (const entry of await readdir(from)) await copyTree(path.join(from, entry), path.join(to, entry));
    return;
  }
  if (!info.isFile()) return; // FIFOs, sockets, devices: never handed to a solution
  const real = (await lstat(from)).isSymbolicLink() ? await realpath(from) : from;
  await copyFile(real, to, constants.COPYFILE_FICLONE);
}
