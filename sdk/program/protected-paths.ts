import { rm, rmdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import type { Git } from "./git.js";

/** One line of `git diff-index --name-status --no-renames`. */
export interface Change {
  /** A (added), M (modified), D (deleted), T (type changed). */
  status: string;
  path: string;
}

/** Normalises protected paths to `a/b` form, relative to the program root. */
export function normalizeProtectedPaths(paths: readonly unknown[]): string[] {
  return paths.map((raw) => {
    if (typeof raw !== "string") throw new UserError(`protected path ${String(raw)} must be a string`);
    const path = raw
      .replace(/\\/g, "/")
      .replace(/^(\.\/)+/, "")
      .replace(/\/+$/, "");
    if (
      path === "" ||
      path === "." ||
      path.startsWith("/") ||
      /^[A-Za-z]:/.test(path) ||
      path.split("/").includes("..")
    ) {
      throw new UserError(
        `protected path ${JSON.stringify(raw)} must be relative to the program root and stay inside it (e.g. "tasks/" or "meta_agent.ts")`,
      );
    }
    return path;
  });
}

export function isProtected(path: string, protectedPaths: readonly string[]): boolean {
  return protectedPaths.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * Puts protected paths back to the parent's version in the worktree and its index: files the
 * child added under them are removed, files it modified or deleted are restored.
 */
export async function resetProtected(
  git: Git,
  worktree: string,
  parentCommit: string,
  violations: readonly Change[],
): Promise<void> {
  const added = violations.filter((c) => c.status === "A").map((c) => c.path);
  const restored = violations.filter((c) => c.status !== "A").map((c) => c.path);
  // Removals first: a protected file replaced by a folder (or the reverse) must make room.
  if (added.length > 0) {
    await git(["--literal-pathspecs", "rm", "--cached", "-q", "-f", "--", ...added], { cwd: worktree });
    await Promise.all(added.map((path) => rm(join(worktree, path), { force: true, recursive: true })));
    for (const path of added) await removeEmptyParents(worktree, path);
  }
  if (restored.length > 0) {
    await git(["--literal-pathspecs", "checkout", "-q", parentCommit, "--", ...restored], { cwd: worktree });
  }
}

/** Parses `-z --name-status` output: status and path alternate. */
export function parseNameStatus(fields: readonly string[]): Change[] {
  const changes: Change[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    changes.push({ status: fields[i]!.charAt(0), path: fields[i + 1]! });
  }
  return changes;
}

/** Drops folders left empty by removed files, up to the worktree root (a non-empty one stops it). */
async function removeEmptyParents(root: string, path: string): Promise<void> {
  for (let dir = dirname(path); dir !== "." && dir !== ""; dir = dirname(dir)) {
    try {
      await rmdir(join(root, dir));
    } catch {
      return;
    }
  }
}
