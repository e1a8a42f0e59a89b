/**
 * The patch between two programs in memory, in the format `git diff-tree -r -p --no-renames`
 * prints (headers, modes, abbreviated ids, hunks with 3 lines of context and git's default
 * function names, binary files, missing final newlines, quoted paths): commitChild and diff need
 * no git process. Which lines changed comes from our own diff (line-diff.ts), so a hunk may be
 * placed differently from git's where several edit scripts are equally short; patch.test.ts
 * checks that git applies every patch and that simple edits read exactly as git's.
 */

import { diffLines } from "./line-diff.js";
import { type FileEntry, SUBMODULE_MODE, SYMLINK_MODE } from "./objects.js";
import type { Snapshot } from "./snapshot.js";

const CONTEXT = 3;
const ABBREV = 7;
const FUNC_NAME_BYTES = 80;

/** Unified diff from `from` to `to` (every file, in git's path order); "" when they are equal. */
export function treePatch(from: Snapshot, to: Snapshot): string {
  const paths = new Set([...from.byPath.keys(), ...to.byPath.keys()]);
  const out: string[] = [];
  for (const path of [...paths].sort(comparePathsLatin)) {
    const a = from.byPath.get(path);
    const b = to.byPath.get(path);
    if (a && b && a.oid === b.oid && a.mode === b.mode) continue;
    // A file that becomes a symlink (or back) is a deletion and a creation, as in git.
    if (a && b && typeKind(a.mode) !== typeKind(b.mode)) {
      out.push(filePatch(path, a, undefined), filePatch(path, undefined, b));
    } else out.push(filePatch(path, a, b));
  }
  return Buffer.from(out.join(""), "latin1").toString("utf8");
}

const comparePathsLatin = (x: string, y: string) => Buffer.compare(Buffer.from(x), Buffer.from(y));

function typeKind(mode: string): string {
  return mode === SYMLINK_MODE ? "link" : mode === SUBMODULE_MODE ? "module" : "file";
}

/** One file's part of the patch, in latin1 (bytes as chars). */
function filePatch(path: string, a: FileEntry | undefined, b: FileEntry | undefined): string {
  const name = Buffer.from(path).toString("latin1");
  const aName = quoted(`a/${name}`);
  const bName = quoted(`b/${name}`);
  let head = `diff --git ${aName} ${bName}\n`;
  const nullOid = "0".repeat(ABBREV);
  const short = (entry: FileEntry | undefined) => (entry ? entry.oid.slice(0, ABBREV) : nullOid);
  if (!a) head += `new file mode ${b!.mode}\n`;
  else if (!b) head += `deleted file mode ${a.mode}\n`;
  else if (a.mode !== b.mode) head += `old mode ${a.mode}\nnew mode ${b.mode}\n`;
  if (a && b && a.oid === b.oid) return head;
  head += `index ${short(a)}..${short(b)}${a && b && a.mode === b.mode ? ` ${a.mode}` : ""}\n`;
  const before = a ? contentOf(a) : Buffer.alloc(0);
  const after = b ? contentOf(b) : Buffer.alloc(0);
  const from = a ? aName : "/dev/null";
  const to = b ? bName : "/dev/null";
  if (isBinary(before) || isBinary(after)) return `${head}Binary files ${from} and ${to} differ\n`;
  const hunks = unifiedHunks(splitLines(before), splitLines(after));
  if (hunks === "") return head;
  // git ends a name holding a space with a tab, so the line can be split again.
  const tab = (line: string) => (line.includes(" ") ? "\t" : "");
  return `${head}--- ${from}${tab(from)}\n+++ ${to}${tab(to)}\n${hunks}`;
}

function contentOf(entry: FileEntry): Buffer {
  return entry.mode === SUBMODULE_MODE ? Buffer.from(`Subproject commit ${entry.oid}\n`) : entry.content;
}

/** git's test: a NUL in the first 8000 bytes. */
function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

/** Lines with their newline (the last may have none), as latin1 strings. */
export function splitLines(content: Buffer): string[] {
  const text = content.toString("latin1");
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const next = end < 0 ? text.length : end + 1;
    lines.push(text.slice(start, next));
    start = next;
  }
  return lines;
}

interface Change {
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

/** The changes as (old start, old count, new start, new count), in order. */
function changesOf(oldLines: readonly string[], newLines: readonly string[]): Change[] {
  const [a, b] = diffLines(oldLines, newLines);
  const changes: Change[] = [];
  let i1 = 0;
  let i2 = 0;
  while (i1 < oldLines.length || i2 < newLines.length) {
    if (a.changed[i1] || b.changed[i2]) {
      const start1 = i1;
      const start2 = i2;
      while (a.changed[i1]) i1++;
      while (b.changed[i2]) i2++;
      changes.push({ i1: start1, chg1: i1 - start1, i2: start2, chg2: i2 - start2 });
    } else {
      i1++;
      i2++;
    }
  }
  return changes;
}

/** Unified hunks with 3 lines of context, neighbouring changes merged, and function names in headers. */
export function unifiedHunks(oldLines: readonly string[], newLines: readonly string[]): string {
  const changes = changesOf(oldLines, newLines);
  const out: string[] = [];
  let funcLine = "";
  let funcSearchedTo = -1;
  for (let first = 0; first < changes.length; ) {
    let last = first;
    while (last + 1 < changes.length) {
      const prev = changes[last]!;
      if (changes[last + 1]!.i1 - (prev.i1 + prev.chg1) > 2 * CONTEXT) break;
      last++;
    }
    const head = changes[first]!;
    const tail = changes[last]!;
    const s1 = Math.max(head.i1 - CONTEXT, 0);
    const s2 = Math.max(head.i2 - CONTEXT, 0);
    const after = Math.min(
      CONTEXT,
      oldLines.length - (tail.i1 + tail.chg1),
      newLines.length - (tail.i2 + tail.chg2),
    );
    const e1 = tail.i1 + tail.chg1 + after;
    const e2 = tail.i2 + tail.chg2 + after;
    for (let l = s1 - 1; l > funcSearchedTo; l--) {
      const name = funcName(oldLines[l]!);
      if (name !== undefined) {
        funcLine = name;
        break;
      }
    }
    funcSearchedTo = s1 - 1;
    out.push(`@@ -${range(s1, e1 - s1)} +${range(s2, e2 - s2)} @@${funcLine ? ` ${funcLine}` : ""}\n`);
    for (let l = s2; l < head.i2; l++) out.push(line(" ", newLines[l]!));
    let c1 = head.i1;
    let c2 = head.i2;
    for (let k = first; k <= last; k++) {
      const change = changes[k]!;
      for (; c1 < change.i1 && c2 < change.i2; c1++, c2++) out.push(line(" ", newLines[c2]!));
      for (let l = change.i1; l < change.i1 + change.chg1; l++) out.push(line("-", oldLines[l]!));
      for (let l = change.i2; l < change.i2 + change.chg2; l++) out.push(line("+", newLines[l]!));
      c1 = change.i1 + change.chg1;
      c2 = change.i2 + change.chg2;
    }
    for (let l = tail.i2 + tail.chg2; l < e2; l++) out.push(line(" ", newLines[l]!));
    first = last + 1;
  }
  return out.join("");
}

/** `start,count` of a hunk (1-based; the line before when empty; no count when it is 1). */
function range(start: number, count: number): string {
  const shown = count === 0 ? start : start + 1;
  return count === 1 ? `${shown}` : `${shown},${count}`;
}

function line(prefix: string, text: string): string {
  return text.endsWith("\n") ? `${prefix}${text}` : `${prefix}${text}\n\\ No newline at end of file\n`;
}

/** git's default function-name rule: a line starting with a letter, `_` or `$`. */
function funcName(text: string): string | undefined {
  if (!/^[A-Za-z_$]/.test(text)) return undefined;
  return text.slice(0, FUNC_NAME_BYTES).replace(/[\t\n\v\f\r ]+$/, "");
}

const ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\",
};

/** git's quote_c_style with core.quotePath=false: only `"`, `\`, DEL and control characters. */
function quoted(name: string): string {
  let body = "";
  let special = false;
  for (const c of name) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || c === '"' || c === "\\") {
      special = true;
      body += ESCAPES[c] ?? `\\${code.toString(8).padStart(3, "0")}`;
    } else body += c;
  }
  return special ? `"${body}"` : name;
}
