/**
 * A node's program in memory: every file with its bytes, keyed by tree hash. Trees never change,
 * so a cached snapshot never goes stale; checkout, commitChild (the parent's side), readFiles and
 * export read it instead of spawning git. Bounded (LRU) by node count and bytes.
 */
import type { Git } from "./git.js";
import { type FileEntry, SUBMODULE_MODE, SYMLINK_MODE } from "./objects.js";
import { decodeText, listTree, readBlobs } from "./read-blobs.js";
import type { SkipReason } from "./types.js";

export interface Snapshot {
  tree: string;
  /** In git's path order. */
  entries: readonly FileEntry[];
  byPath: ReadonlyMap<string, FileEntry>;
  bytes: number;
  /** readFiles' view, made on first use. */
  text?: TextView;
}

export interface TextView {
  files: Readonly<Record<string, string>>;
  skipped: ReadonlyArray<readonly [string, SkipReason]>;
}

export function makeSnapshot(tree: string, entries: readonly FileEntry[]): Snapshot {
  let bytes = 0;
  for (const entry of entries) bytes += entry.content.length + entry.path.length;
  return { tree, entries, byPath: new Map(entries.map((e) => [e.path, e])), bytes };
}

/** Two git processes: `ls-tree -r` and one `cat-file --batch`. */
export async function loadSnapshot(git: Git, tree: string): Promise<Snapshot> {
  const listed = await listTree(git, tree);
  const blobs = await readBlobs(
    git,
    listed.filter((e) => e.type === "blob").map((e) => e.oid),
  );
  const entries = listed.map((e) => ({
    path: e.path,
    mode: e.mode,
    oid: e.oid,
    content: e.type === "blob" ? (blobs.get(e.oid) ?? Buffer.alloc(0)) : Buffer.alloc(0),
  }));
  return makeSnapshot(tree, entries);
}

/** Text files as the sandbox takes them; symlinks, submodules and binaries are skipped. */
export function textView(snapshot: Snapshot): TextView {
  if (snapshot.text) return snapshot.text;
  const files: Record<string, string> = {};
  const skipped: Array<[string, SkipReason]> = [];
  const binaries: Array<[string, SkipReason]> = [];
  for (const entry of snapshot.entries) {
    if (entry.mode === SUBMODULE_MODE) skipped.push([entry.path, "submodule"]);
    else if (entry.mode === SYMLINK_MODE) skipped.push([entry.path, "symlink"]);
    else {
      const text = decodeText(entry.content);
      if (text === undefined) binaries.push([entry.path, "binary"]);
      else files[entry.path] = text;
    }
  }
  snapshot.text = { files, skipped: [...skipped, ...binaries] };
  return snapshot.text;
}

export interface SnapshotCache {
  get(tree: string, load: () => Promise<Snapshot>): Promise<Snapshot>;
  put(snapshot: Snapshot): void;
}

export function createSnapshotCache(maxEntries = 256, maxBytes = 256 * 1024 * 1024): SnapshotCache {
  // Map iteration order is insertion order: re-inserting on use makes the first key the LRU one.
  const entries = new Map<string, Snapshot>();
  const loading = new Map<string, Promise<Snapshot>>();
  let bytes = 0;

  function put(snapshot: Snapshot): void {
    const old = entries.get(snapshot.tree);
    if (old) {
      bytes -= old.bytes;
      entries.delete(snapshot.tree);
    }
    entries.set(snapshot.tree, snapshot);
    bytes += snapshot.bytes;
    for (const [tree, oldest] of entries) {
      if ((entries.size <= maxEntries && bytes <= maxBytes) || tree === snapshot.tree) break;
      entries.delete(tree);
      bytes -= oldest.bytes;
    }
  }

  return {
    put,
    async get(tree, load) {
      const hit = entries.get(tree);
      if (hit) {
        entries.delete(tree);
        entries.set(tree, hit);
        return hit;
      }
      // Parallel children of one parent share one load.
      let pending = loading.get(tree);
      if (!pending) {
        pending = load().finally(() => loading.delete(tree));
        loading.set(tree, pending);
        put(await pending);
      }
      return pending;
    },
  };
}
