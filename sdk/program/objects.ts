/**
 * Git objects written by the store itself: blobs and trees as loose objects, hashed in-process.
 * Spawning git costs ~3 ms a process on a small machine, more than hashing and deflating a whole
 * program, so commitChild builds the child's blobs, trees and commit here (its ref: refs.ts, its
 * patch: patch.ts). The format is git's (gitformat-loose, gitformat-tree); `git fsck` checks it in
 * the tests.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

/** `sha1` (git's default) or `sha256` (`git init --object-format=sha256`). */
export type ObjectFormat = "sha1" | "sha256";

/** One file of a program, as a tree lists it and with its bytes (empty for a submodule). */
export interface FileEntry {
  /** `a/b.ts`, relative to the program root. */
  path: string;
  /** `100644`, `100755`, `120000` (symlink; content is the target) or `160000` (submodule). */
  mode: string;
  oid: string;
  content: Buffer;
}

export const SYMLINK_MODE = "120000";
export const SUBMODULE_MODE = "160000";

export function hashObject(format: ObjectFormat, type: string, body: Buffer): string {
  return createHash(format).update(`${type} ${body.length}\0`).update(body).digest("hex");
}

/**
 * Writes a loose object unless it is there already; a temp file and a rename, as git does.
 * Synchronous: a few small files, cheaper than thread-pool round trips.
 */
export function writeLooseObject(gitDir: string, oid: string, type: string, body: Buffer): void {
  const dir = join(gitDir, "objects", oid.slice(0, 2));
  const path = join(dir, oid.slice(2));
  if (existsSync(path)) return;
  mkdirSync(dir, { recursive: true });
  // git's own temp name, so `git gc`/`git prune` clean one a killed process left.
  const temp = join(dir, `tmp_obj_${randomBytes(6).toString("hex")}`);
  try {
    writeFileSync(temp, deflateSync(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body])), {
      mode: 0o444,
    });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Git's path order (byte order of UTF-8), the order of index entries and of `ls-tree -r`. */
export function comparePaths(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export interface TreeObject {
  oid: string;
  body: Buffer;
}

interface Folder {
  files: Map<string, FileEntry>;
  folders: Map<string, Folder>;
}

/**
 * The trees of a program given its files (no folder may also be a file): the root tree's id and
 * every tree object, children before parents.
 */
export function buildTrees(
  format: ObjectFormat,
  entries: readonly FileEntry[],
): {
  root: string;
  trees: TreeObject[];
} {
  const root: Folder = { files: new Map(), folders: new Map() };
  for (const entry of entries) {
    const parts = entry.path.split("/");
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) {
        next = { files: new Map(), folders: new Map() };
        folder.folders.set(part, next);
      }
      folder = next;
    }
    folder.files.set(parts.at(-1)!, entry);
  }
  const trees: TreeObject[] = [];
  const write = (folder: Folder): string => {
    // Git sorts tree entries by name, a folder's name compared as if it ended in "/".
    const items: Array<{ key: Buffer; mode: string; name: string; oid: string }> = [];
    for (const [name, sub] of folder.folders)
      items.push({ key: Buffer.from(`${name}/`), mode: "40000", name, oid: write(sub) });
    for (const [name, file] of folder.files)
      items.push({ key: Buffer.from(name), mode: file.mode, name, oid: file.oid });
    items.sort((a, b) => Buffer.compare(a.key, b.key));
    const body = Buffer.concat(
      items.flatMap((item) => [Buffer.from(`${item.mode} ${item.name}\0`), Buffer.from(item.oid, "hex")]),
    );
    const oid = hashObject(format, "tree", body);
    trees.push({ oid, body });
    return oid;
  };
  return { root: write(root), trees };
}

export interface Ident {
  name: string;
  email: string;
}

/** Git drops these from both ends of a name or email (ident.c, `crud`). */
function isCrud(char: string): boolean {
  return char <= " " || ".,:;<>\"\\'".includes(char);
}

/** A name or email as git writes it in an ident line. */
export function cleanIdent(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isCrud(value[start]!)) start++;
  while (end > start && isCrud(value[end - 1]!)) end--;
  return value.slice(start, end).replace(/[\n<>]/g, "");
}

/** `+0100` style offset of the local time zone at `date`, as git writes it. */
function timeZone(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
  return `${minutes < 0 ? "-" : "+"}${hhmm}`;
}

/** A commit object's body, byte for byte what `git commit-tree` writes for the same input. */
export function commitBody(options: {
  tree: string;
  parents: readonly string[];
  author: Ident;
  committer: Ident;
  message: string;
  date?: Date;
}): Buffer {
  const date = options.date ?? new Date();
  const stamp = `${Math.floor(date.getTime() / 1000)} ${timeZone(date)}`;
  const ident = (who: Ident) => `${cleanIdent(who.name)} <${cleanIdent(who.email)}> ${stamp}`;
  const lines = [
    `tree ${options.tree}`,
    ...options.parents.map((parent) => `parent ${parent}`),
    `author ${ident(options.author)}`,
    `committer ${ident(options.committer)}`,
  ];
  return Buffer.from(`${lines.join("\n")}\n\n${options.message}`);
}
