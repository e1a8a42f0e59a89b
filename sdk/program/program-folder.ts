/**
 * A program as a plain folder: writing a snapshot out (checkout, export) and reading a folder back
 * as changes against the snapshot it came from (commitChild), with fs calls instead of git.
 * Synchronous calls on purpose: for a program's few small files they cost a fraction of the
 * thread-pool round trips of fs/promises (bench/program-store.ts), and hold the event loop for
 * about a millisecond.
 */
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { lstat, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  comparePaths,
  type FileEntry,
  hashObject,
  type ObjectFormat,
  SUBMODULE_MODE,
  SYMLINK_MODE,
} from "./objects.js";
import type { Snapshot } from "./snapshot.js";

/** One path that differs from the parent: A (added), M (modified), D (deleted), T (type changed). */
export interface Change {
  status: "A" | "M" | "D" | "T";
  path: string;
  /** The folder's version (absent for D). */
  entry?: FileEntry;
}

/** Writes every entry under `root` (an existing folder): files with their modes, symlinks, submodule folders. */
export function writeProgram(root: string, entries: readonly FileEntry[]): void {
  const folders = new Set<string>();
  for (const entry of entries) {
    const folder = entry.mode === SUBMODULE_MODE ? entry.path : dirname(entry.path);
    if (folder !== ".") folders.add(folder);
  }
  for (const folder of folders) mkdirSync(join(root, folder), { recursive: true });
  for (const entry of entries) writeEntry(root, entry);
}

function writeEntry(root: string, entry: FileEntry): void {
  const path = join(root, entry.path);
  if (entry.mode === SUBMODULE_MODE) return;
  if (entry.mode === SYMLINK_MODE) symlinkSync(entry.content.toString("utf8"), path);
  // As git checks out: 0666 or 0777, less the umask.
  else writeFileSync(path, entry.content, { mode: entry.mode === "100755" ? 0o777 : 0o666 });
}

/** Puts one entry back in the folder, removing whatever stands in its way (a file where a folder goes). */
export async function restoreEntry(root: string, entry: FileEntry): Promise<void> {
  const parts = entry.path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const ancestor = join(root, ...parts.slice(0, i));
    const stats = await lstat(ancestor).catch(() => undefined);
    if (stats && !stats.isDirectory()) await rm(ancestor, { force: true });
  }
  await rm(join(root, entry.path), { recursive: true, force: true });
  await mkdir(join(root, entry.mode === SUBMODULE_MODE ? entry.path : dirname(entry.path)), {
    recursive: true,
  });
  await writeEntry(root, entry);
}

interface FolderFile {
  path: string;
  symlink: boolean;
}

/**
 * Files under `root` as git would see them: `.git` is never part of a program, and a folder that
 * is a submodule in the parent stays the parent's.
 */
function scanFolder(
  root: string,
  parent: Snapshot,
): { files: FolderFile[]; folders: Set<string>; hasIgnoreFile: boolean } {
  const files: FolderFile[] = [];
  const folders = new Set<string>();
  let hasIgnoreFile = false;
  const walk = (rel: string): void => {
    const dirents = readdirSync(rel === "" ? root : join(root, rel), { withFileTypes: true });
    for (const dirent of dirents) {
      if (dirent.name === ".git") continue;
      const path = rel === "" ? dirent.name : `${rel}/${dirent.name}`;
      if (dirent.isDirectory()) {
        folders.add(path);
        if (parent.byPath.get(path)?.mode !== SUBMODULE_MODE) walk(path);
      } else if (dirent.isFile()) {
        files.push({ path, symlink: false });
        if (dirent.name === ".gitignore") hasIgnoreFile = true;
      } else if (dirent.isSymbolicLink()) {
        files.push({ path, symlink: true });
      }
      // Sockets, FIFOs and devices are not files git tracks.
    }
  };
  walk("");
  return { files, folders, hasIgnoreFile };
}

function readEntry(
  root: string,
  file: FolderFile,
  format: ObjectFormat,
  parent?: FileEntry,
): FileEntry | undefined {
  const path = join(root, file.path);
  let mode: string;
  let content: Buffer;
  if (file.symlink) {
    mode = SYMLINK_MODE;
    content = Buffer.from(readlinkSync(path, "utf8"));
  } else {
    const stats = lstatSync(path);
    const bytes = readFileSync(path);
    // Git records only the owner's execute bit.
    mode = stats.mode & 0o100 ? "100755" : "100644";
    content = bytes;
  }
  if (parent && parent.mode === mode && parent.content.equals(content)) return undefined;
  return { path: file.path, mode, oid: hashObject(format, "blob", content), content };
}

function kind(mode: string): string {
  return mode === SYMLINK_MODE || mode === SUBMODULE_MODE ? mode : "file";
}

/**
 * What changed in `root` since `parent`, in git's path order. New paths that `isIgnored` names
 * (asked only when the folder has a `.gitignore` or `needsIgnoreCheck`) are left out, as
 * `git add -A` leaves them; tracked files are never ignored.
 */
export async function folderChanges(
  root: string,
  parent: Snapshot,
  format: ObjectFormat,
  isIgnored: (paths: string[]) => Promise<Set<string>>,
  needsIgnoreCheck = false,
): Promise<Change[]> {
  const { files, folders, hasIgnoreFile } = scanFolder(root, parent);
  const seen = new Set(files.map((file) => file.path));
  let added = files.filter((file) => !parent.byPath.has(file.path));
  if (added.length > 0 && (hasIgnoreFile || needsIgnoreCheck)) {
    const ignored = await isIgnored(added.map((file) => file.path));
    added = added.filter((file) => !ignored.has(file.path));
  }
  const known = files.filter((file) => parent.byPath.has(file.path));
  const addedEntries = added.map((file) => readEntry(root, file, format));
  const knownEntries = known.map((file) => readEntry(root, file, format, parent.byPath.get(file.path)));
  const changes: Change[] = [];
  for (const entry of addedEntries) if (entry) changes.push({ status: "A", path: entry.path, entry });
  for (const entry of knownEntries) {
    if (!entry) continue;
    const before = parent.byPath.get(entry.path)!;
    changes.push({ status: kind(before.mode) === kind(entry.mode) ? "M" : "T", path: entry.path, entry });
  }
  for (const entry of parent.entries) {
    if (seen.has(entry.path)) continue;
    if (entry.mode === SUBMODULE_MODE && folders.has(entry.path)) continue;
    changes.push({ status: "D", path: entry.path });
  }
  return changes.sort((a, b) => comparePaths(a.path, b.path));
}
