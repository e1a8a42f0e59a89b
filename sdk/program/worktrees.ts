import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type Git, splitZ } from "./git.js";

export interface WorktreeRecord {
  path: string;
  bare: boolean;
  locked: boolean;
}

/** Worktrees git knows about (`git worktree list --porcelain -z`), the bare repository included. */
export async function listWorktrees(git: Git): Promise<WorktreeRecord[]> {
  const { stdout } = await git(["worktree", "list", "--porcelain", "-z"]);
  const records: WorktreeRecord[] = [];
  let current: WorktreeRecord | undefined;
  for (const field of splitZ(stdout)) {
    if (field.startsWith("worktree ")) {
      current = { path: field.slice("worktree ".length), bare: false, locked: false };
      records.push(current);
    } else if (current && field === "bare") current.bare = true;
    else if (current && (field === "locked" || field.startsWith("locked "))) current.locked = true;
  }
  return records;
}

/** Folder names `checkout` gives worktrees: `<node id>-<8 hex>`. Only these are ever deleted. */
export const WORKTREE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*-[0-9a-f]{8}$/;

/** A linked worktree's records: `<gitDir>/worktrees/<folder name>` (what `git worktree add` makes). */
export function adminDirOf(gitDir: string, worktree: string): string {
  return join(gitDir, "worktrees", basename(worktree));
}

/**
 * Registers an existing folder as a linked worktree detached at `commit`, writing the files
 * `git worktree add` writes (gitformat: gitrepository-layout, "worktrees"), so `git worktree list`,
 * `lock` and `prune` treat it as theirs and plain git inside it works. No git process: this is
 * most of what made checkouts cost ~15 ms. The admin folder must not exist yet.
 */
export function registerWorktree(gitDir: string, worktree: string, commit: string, index: Buffer): string {
  const admin = adminDirOf(gitDir, worktree);
  // Written aside, then renamed into place: a process killed midway leaves no half-written
  // record for git to choke on (`git worktree list` fails on an empty commondir).
  const staging = join(gitDir, STAGING_DIR, basename(worktree));
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, "gitdir"), `${join(worktree, ".git")}\n`);
  writeFileSync(join(staging, "commondir"), "../..\n");
  writeFileSync(join(staging, "HEAD"), `${commit}\n`);
  writeFileSync(join(staging, "index"), index);
  mkdirSync(dirname(admin), { recursive: true });
  renameSync(staging, admin);
  writeFileSync(join(worktree, ".git"), `gitdir: ${admin}\n`);
  return admin;
}

/** Where worktree records are written before they are renamed into `worktrees/`. */
export const STAGING_DIR = "hyperagents-staging";

/**
 * Deletes worktree records a killed process left unreadable (a missing or empty `gitdir` or
 * `commondir`), and the staging folder; git refuses to list worktrees while one is broken.
 */
export function removeBrokenRecords(gitDir: string, keep: (admin: string) => boolean): void {
  rmSync(join(gitDir, STAGING_DIR), { recursive: true, force: true });
  const root = join(gitDir, "worktrees");
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const admin = join(root, name);
    if (keep(admin)) continue;
    const readable = (file: string) => {
      try {
        return readFileSync(join(admin, file), "utf8").trim() !== "";
      } catch {
        return false;
      }
    };
    if (!readable("gitdir") || !readable("commondir")) rmSync(admin, { recursive: true, force: true });
  }
}

/** The records folder a worktree's `.git` file points to, when it is one of `gitDir`'s. */
export async function linkedAdminDir(gitDir: string, worktree: string): Promise<string | undefined> {
  const link = await readFile(join(worktree, ".git"), "utf8").catch(() => "");
  const match = /^gitdir: (.+)$/m.exec(link);
  if (!match) return undefined;
  const admin = resolve(worktree, match[1]!.trim());
  return isInside(join(gitDir, "worktrees"), admin) ? admin : undefined;
}

/** True when `path` is strictly inside `dir`. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
