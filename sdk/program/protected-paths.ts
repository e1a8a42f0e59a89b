import { rm, rmdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { type Change, restoreEntry } from "./program-folder.js";
import type { Snapshot } from "./snapshot.js";

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
 * Puts protected paths back to the parent's version in the folder: files the child added under
 * them are removed, files it modified or deleted are restored.
 */
export async function resetProtected(
  root: string,
  parent: Snapshot,
  violations: readonly Change[],
): Promise<void> {
  const added = violations.filter((c) => c.status === "A").map((c) => c.path);
  const restored = violations.filter((c) => c.status !== "A").map((c) => parent.byPath.get(c.path)!);
  // Removals first: a protected file replaced by a folder (or the reverse) must make room.
  await Promise.all(added.map((path) => rm(join(root, path), { force: true, recursive: true })));
  for (const path of added) await removeEmptyParents(root, path);
  for (const entry of restored) await restoreEntry(root, entry);
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
