/**
 * Creating a node's ref without a git process: what `git update-ref <ref> <oid> ""` does in a
 * repository with the files ref backend (gitformat: gitrepository-layout; refs/files-backend.c):
 * take `<ref>.lock` exclusively, make sure the ref exists neither loose nor in packed-refs, write
 * the id, rename the lock onto the ref. Git honours the same lock, so a concurrent git sees
 * either no ref or the whole one. Anything unusual (reftable, reflogs to keep, a lock held, a
 * folder in the way) answers "ask git" and the store runs `git update-ref` as before.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/** created: the ref is new; exists: it was there already; ask-git: let git do it. */
export type RefOutcome = "created" | "exists" | "ask-git";

/**
 * Whether refs of this repository may be written in-process: the files backend, and no setting
 * that asks for reflogs (a bare repository keeps none by default). Read once, when the store opens.
 */
export function refsWritableInProcess(gitDir: string): boolean {
  let config: string;
  try {
    config = readFileSync(join(gitDir, "config"), "utf8").toLowerCase();
  } catch {
    return false;
  }
  return !config.includes("refstorage") && !config.includes("logallrefupdates");
}

export function createRefInProcess(gitDir: string, ref: string, oid: string): RefOutcome {
  const path = join(gitDir, ref);
  const lock = `${path}.lock`;
  let fd: number;
  try {
    mkdirSync(join(path, ".."), { recursive: true });
    fd = openSync(lock, "wx", 0o666);
  } catch {
    // Held by someone else (git waits and retries), or no way to make it here.
    return "ask-git";
  }
  let locked = true;
  try {
    const existing = looseRef(path);
    if (existing !== "absent") return existing === "ref" ? "exists" : "ask-git";
    const packed = packedRef(gitDir, ref);
    if (packed !== "absent") return packed === "ref" ? "exists" : "ask-git";
    writeSync(fd, `${oid}\n`);
    closeSync(fd);
    fd = -1;
    renameSync(lock, path);
    locked = false;
    return "created";
  } catch {
    return "ask-git";
  } finally {
    if (fd >= 0) closeSync(fd);
    if (locked) rmSync(lock, { force: true });
  }
}

/** A loose ref file, something else in its place (a folder: refs below it), or nothing. */
function looseRef(path: string): "ref" | "other" | "absent" {
  try {
    return statSync(path).isFile() ? "ref" : "other";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "absent" : "other";
  }
}

/** The ref in packed-refs (after a `git pack-refs` or `gc`), or a ref below it, or neither. */
function packedRef(gitDir: string, ref: string): "ref" | "other" | "absent" {
  let text: string;
  try {
    text = readFileSync(join(gitDir, "packed-refs"), "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "absent" : "other";
  }
  for (const line of text.split("\n")) {
    const name = line.slice(line.indexOf(" ") + 1);
    if (name === ref) return "ref";
    if (name.startsWith(`${ref}/`)) return "other";
  }
  return "absent";
}
