/**
 * The solution's work folder: ./data holds only the agent-visible splits of the task's data
 * folder (train, validation, test; never test_with_labels), as hard links where the file system
 * allows and copies otherwise. A Hugging Face save_to_disk split is a folder: each file in it is
 * linked. A stale submission.csv is removed so an old one never counts for this run.
 */
import { copyFile, link, lstat, mkdir, readdir, realpath, rm, stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../sdk/errors.js";

/** The splits a solution sees. Anything else in the data folder stays on the host's side. */
export const VISIBLE_SPLITS = ["train", "validation", "test"] as const;

/** `train`, `train.csv`, `test.jsonl`, ...: a visible split's name, optionally with extensions. */
const VISIBLE_ENTRY = /^(train|validation|test)(\.[A-Za-z0-9]+)*$/;

export function isVisibleEntry(name: string): boolean {
  return VISIBLE_ENTRY.test(name);
}

/** A file of the task's data folder that ./data shares by a hard link, as it was when linked. */
export interface LinkedFile {
  /** Relative to the data folder. */
  name: string;
  source: string;
  size: number;
  mtimeMs: number;
  mode: number;
}

export interface WorkFolder {
  /** The work folder's real path. */
  work: string;
  /** Hard-linked files: a write to ./data/<name> reaches the task's own file. */
  links: LinkedFile[];
}

/** Creates `workDir` (if missing) and its ./data. */
export async function prepareWorkFolder(workDir: string, dataDir: string): Promise<WorkFolder> {
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
  const links: LinkedFile[] = [];
  for (const entry of await readdir(source)) {
    if (isVisibleEntry(entry))
      await linkTree(path.join(source, entry), path.join(target, entry), entry, links);
  }
  return { work, links };
}

/**
 * The linked files whose content or mode changed since they were linked: the solution wrote
 * through its hard link (the permission model lets it write anywhere in its work folder). Size
 * and mtime, not ctime: other runs linking the same file change its ctime.
 */
export async function modifiedData(links: readonly LinkedFile[]): Promise<string[]> {
  const changed: string[] = [];
  for (const file of links) {
    const now = await stat(file.source).catch(() => undefined);
    if (
      now === undefined ||
      now.size !== file.size ||
      now.mtimeMs !== file.mtimeMs ||
      now.mode !== file.mode
    ) {
      changed.push(file.name);
    }
  }
  return changed;
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** Links a file, or recreates a folder and links each file in it; symbolic links are followed. */
async function linkTree(from: string, to: string, name: string, links: LinkedFile[]): Promise<void> {
  const info = await stat(from);
  if (info.isDirectory()) {
    await mkdir(to);
    for (const entry of await readdir(from)) {
      await linkTree(path.join(from, entry), path.join(to, entry), `${name}/${entry}`, links);
    }
    return;
  }
  if (!info.isFile()) return; // FIFOs, sockets, devices: never handed to a solution
  const real = (await lstat(from)).isSymbolicLink() ? await realpath(from) : from;
  try {
    await link(real, to);
  } catch {
    await copyFile(real, to); // another file system, or links refused: copy instead
    return;
  }
  const linked = await stat(real);
  links.push({ name, source: real, size: linked.size, mtimeMs: linked.mtimeMs, mode: linked.mode });
}
