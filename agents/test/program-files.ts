/** Test helpers: read a shipped program folder into a files map, or copy it to a temp folder. */
import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const OFFLINE_DIR = fileURLToPath(new URL("../offline/", import.meta.url));
export const INITIAL_DIR = fileURLToPath(new URL("../initial/", import.meta.url));

/** Path -> content of every file under `root` (posix paths relative to root). */
export async function readProgram(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) await walk(abs);
      else out[relative(root, abs).split("\\").join("/")] = await readFile(abs, "utf8");
    }
  }
  await walk(root);
  return out;
}

/** A fresh temp copy of a program folder, as the engine's worktree would be. */
export async function copyProgram(root: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hyperagents-program-"));
  await cp(root, dir, { recursive: true });
  return dir;
}

/** Paths whose content differs between two file maps (added and removed included). */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

/** A seeded Math.random (mulberry32), as the sandbox host provides; returns a restore function. */
export function seedMathRandom(seed: number): () => void {
  const original = Math.random;
  let a = seed >>> 0;
  Math.random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    Math.random = original;
  };
}
