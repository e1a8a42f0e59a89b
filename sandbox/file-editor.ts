/**
 * A file editor scoped to one folder: list, view, create, strReplace, insert, undo.
 * The sandbox exposes it to programs as `ctx.files`; the host (e.g. an LLM tool loop) can use
 * it directly. Every operation resolves to a string; a failure is a string that starts with
 * "Error: ", so it can go back to a program or a model as a tool result, never as a crash.
 */
import { lstat, mkdir, readdir, realpath, rm } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { gitComponentIn, isGitComponent } from "./git-path.js";
import { readRegularFile, replaceFile, TEMP_PREFIX, UnsafeFile } from "./safe-file.js";

export interface FileEditorOptions {
  /** The folder the editor may touch. */
  root: string;
  /** Paths relative to root (files or folders) that are read-only. */
  protected?: string[];
  /** Largest file content accepted by create/strReplace/insert; default 2 MB. */
  maxFileBytes?: number;
  /** Largest text view/list return; default 200 kB. */
  maxOutputChars?: number;
  /** Bytes this editor may write in all (every create, strReplace, insert and undo); default unlimited. */
  maxWriteBytes?: number;
}

export interface FileEditor {
  /** Files under `dir` (default the root), one relative path a line; folders end in "/". */
  list(dir?: string): Promise<string>;
  /** A file with line numbers ("   12\ttext"), optionally lines [start, end] (1-based, end -1 = last); a folder lists two levels. */
  view(path: string, range?: [number, number]): Promise<string>;
  /** Creates or overwrites a file (parent folders are created). */
  create(path: string, content: string): Promise<string>;
  /** Replaces the one occurrence of `oldStr`; zero or several occurrences are an error. */
  strReplace(path: string, oldStr: string, newStr: string): Promise<string>;
  /** Inserts `text` after line `line` (0 inserts at the top). */
  insert(path: string, line: number, text: string): Promise<string>;
  /** Reverts the last create/strReplace/insert on `path` made through this editor. */
  undo(path: string): Promise<string>;
}

export const EDITOR_ERROR_PREFIX = "Error: ";

/** True when an editor result reports a failure. */
export function isEditorError(result: string): boolean {
  return result.startsWith(EDITOR_ERROR_PREFIX);
}

class EditorRefusal extends Error {}

const SKIP_DIRS = new Set(["node_modules"]);
const MAX_LIST_ENTRIES = 2000;

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function normaliseRelative(path: string): string {
  return path
    .replaceAll("\\", "/")
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "");
}

export function createFileEditor(options: FileEditorOptions): FileEditor {
  const maxFileBytes = options.maxFileBytes ?? 2 * 1024 * 1024;
  const maxOutputChars = options.maxOutputChars ?? 200_000;
  const protectedPaths = (options.protected ?? []).map(normaliseRelative).filter((p) => p.length > 0);
  const history = new Map<string, (string | null)[]>();
  const maxWriteBytes = options.maxWriteBytes ?? Number.POSITIVE_INFINITY;
  let written = 0;
  let rootReal: Promise<string> | undefined;

  const getRootReal = () => {
    rootReal ??= realpath(options.root);
    return rootReal;
  };

  /** Resolves a program-supplied path to an absolute path inside the root, or refuses. */
  async function resolve(path: unknown): Promise<{ abs: string; rel: string }> {
    if (typeof path !== "string") throw new EditorRefusal("path must be a string");
    if (path.includes("\0")) throw new EditorRefusal("path contains a NUL character");
    const cleaned = normaliseRelative(path.trim());
    if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith("/") || path.startsWith("\\")) {
      throw new EditorRefusal(`absolute paths are refused (${path}); use a path relative to the folder`);
    }
    if (cleaned.split("/").includes("..")) throw new EditorRefusal(`".." is refused in paths (${path})`);
    if (gitComponentIn(cleaned) !== undefined) throw refuseGit(path);
    const root = await getRootReal();
    const abs = cleaned === "" || cleaned === "." ? root : join(root, cleaned);
    // Walk up to the deepest entry that exists (a dangling link counts) and check where it really is.
    let existing = abs;
    for (;;) {
      try {
        await lstat(existing);
        break;
      } catch (error) {
        if (errorCode(error) !== "ENOENT" && errorCode(error) !== "ENOTDIR") throw error;
        const parent = dirname(existing);
        if (parent === existing) break;
        existing = parent;
      }
    }
    let real: string;
    try {
      real = await realpath(existing);
    } catch {
      throw new EditorRefusal(`${path} goes through a link that points nowhere`);
    }
    if (!isInside(root, real)) throw new EditorRefusal(`${path} leaves the folder (through a symbolic link)`);
    const realTarget = join(real, relative(existing, abs));
    const rel = relative(root, realTarget).split(sep).join("/");
    // A link inside the folder that points at .git is refused like the name itself.
    if (gitComponentIn(rel) !== undefined) throw refuseGit(path);
    return { abs: realTarget, rel };
  }

  function refuseGit(path: string): EditorRefusal {
    return new EditorRefusal(`${path} is inside the repository's .git, which programs cannot read or write`);
  }

  function assertWritable(rel: string, shown: string): void {
    for (const p of protectedPaths) {
      if (rel === p || rel.startsWith(`${p}/`) || p === ".") {
        throw new EditorRefusal(`${shown} is protected (read-only)`);
      }
    }
  }

  async function readFileAt(abs: string, shown: string): Promise<{ text: string; mode: number }> {
    try {
      return await readRegularFile(abs, shown, maxFileBytes * 4);
    } catch (error) {
      if (error instanceof UnsafeFile) throw new EditorRefusal(error.message);
      if (errorCode(error) === "ENOENT") throw new EditorRefusal(`${shown} does not exist`);
      throw error;
    }
  }

  async function readText(abs: string, shown: string): Promise<string> {
    return (await readFileAt(abs, shown)).text;
  }

  /** Counts a write against the budget before it happens. */
  function spend(bytes: number, shown: string): void {
    if (written + bytes > maxWriteBytes) {
      throw new EditorRefusal(
        `writing ${shown} (${bytes} bytes) would pass this run's write budget of ${maxWriteBytes} bytes (${written} written so far)`,
      );
    }
    written += bytes;
  }

  async function exists(abs: string): Promise<boolean> {
    try {
      await lstat(abs);
      return true;
    } catch {
      return false;
    }
  }

  async function write(abs: string, rel: string, content: string, shown: string): Promise<void> {
    if (typeof content !== "string") throw new EditorRefusal("content must be a string");
    if (Buffer.byteLength(content) > maxFileBytes) {
      throw new EditorRefusal(`${shown} would exceed ${maxFileBytes} bytes`);
    }
    const previous = (await exists(abs)) ? await readFileAt(abs, shown) : null;
    spend(Buffer.byteLength(content), shown);
    await mkdir(dirname(abs), { recursive: true });
    await replaceFile(abs, content, previous?.mode);
    const stack = history.get(rel) ?? [];
    stack.push(previous === null ? null : previous.text);
    // Bounded undo history per file.
    if (stack.length > 50) stack.shift();
    history.set(rel, stack);
  }

  async function walk(absDir: string, relDir: string, depth: number, out: string[]): Promise<void> {
    if (out.length >= MAX_LIST_ENTRIES) return;
    const entries = await readdir(absDir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (out.length >= MAX_LIST_ENTRIES) return;
      if (isGitComponent(entry.name) || entry.name.startsWith(TEMP_PREFIX)) continue;
      const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        out.push(`${rel}/`);
        if (!SKIP_DIRS.has(entry.name) && depth > 1)
          await walk(join(absDir, entry.name), rel, depth - 1, out);
      } else {
        out.push(rel);
      }
    }
  }

  async function listing(abs: string, rel: string, depth: number): Promise<string> {
    const out: string[] = [];
    await walk(abs, rel === "." ? "" : rel, depth, out);
    const more = out.length >= MAX_LIST_ENTRIES ? `\n[listing truncated at ${MAX_LIST_ENTRIES} entries]` : "";
    return clip(out.join("\n") + more);
  }

  function clip(text: string): string {
    return text.length > maxOutputChars ? `${text.slice(0, maxOutputChars)}\n[output truncated]` : text;
  }

  function shownPath(path: unknown): string {
    return typeof path === "string" ? path : String(path);
  }

  async function guard(op: () => Promise<string>): Promise<string> {
    try {
      return await op();
    } catch (error) {
      if (error instanceof EditorRefusal) return `${EDITOR_ERROR_PREFIX}${error.message}`;
      // I/O errors are reported without the host's absolute paths.
      const code = errorCode(error);
      return `${EDITOR_ERROR_PREFIX}${code ? `file system error ${code}` : "file system error"}`;
    }
  }

  return {
    list: (dir = ".") =>
      guard(async () => {
        const { abs, rel } = await resolve(dir);
        const info = await lstat(abs).catch(() => undefined);
        if (!info) throw new EditorRefusal(`${shownPath(dir)} does not exist`);
        if (!info.isDirectory()) throw new EditorRefusal(`${shownPath(dir)} is not a folder`);
        return listing(abs, rel === "" ? "." : rel, 32);
      }),

    view: (path, range) =>
      guard(async () => {
        const { abs, rel } = await resolve(path);
        const info = await lstat(abs).catch(() => undefined);
        if (!info) throw new EditorRefusal(`${shownPath(path)} does not exist`);
        if (info.isDirectory()) return listing(abs, rel === "" ? "." : rel, 2);
        const lines = (await readText(abs, shownPath(path))).split("\n");
        let start = 1;
        let end = lines.length;
        if (range !== undefined) {
          if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n))) {
            throw new EditorRefusal("range must be [start, end] with whole numbers");
          }
          start = range[0];
          end = range[1] === -1 ? lines.length : range[1];
          if (start < 1 || start > lines.length || end < start || end > lines.length) {
            throw new EditorRefusal(`range [${range[0]}, ${range[1]}] is outside 1..${lines.length}`);
          }
        }
        const shown = lines
          .slice(start - 1, end)
          .map((text, i) => `${String(start + i).padStart(6)}\t${text}`);
        return clip(shown.join("\n"));
      }),

    create: (path, content) =>
      guard(async () => {
        const { abs, rel } = await resolve(path);
        if (rel === "" || rel === ".") throw new EditorRefusal("create needs a file path");
        assertWritable(rel, shownPath(path));
        const info = await lstat(abs).catch(() => undefined);
        if (info?.isDirectory()) throw new EditorRefusal(`${shownPath(path)} is a folder`);
        await write(abs, rel, content, shownPath(path));
        return `Created ${rel} (${Buffer.byteLength(content)} bytes).`;
      }),

    strReplace: (path, oldStr, newStr) =>
      guard(async () => {
        const { abs, rel } = await resolve(path);
        assertWritable(rel, shownPath(path));
        if (typeof oldStr !== "string" || oldStr.length === 0)
          throw new EditorRefusal("oldStr must be a non-empty string");
        if (typeof newStr !== "string") throw new EditorRefusal("newStr must be a string");
        const text = await readText(abs, shownPath(path));
        const first = text.indexOf(oldStr);
        if (first === -1) throw new EditorRefusal(`oldStr was not found in ${rel}`);
        const count = text.split(oldStr).length - 1;
        if (count > 1)
          throw new EditorRefusal(
            `oldStr occurs ${count} times in ${rel}; include more context so it is unique`,
          );
        await write(
          abs,
          rel,
          text.slice(0, first) + newStr + text.slice(first + oldStr.length),
          shownPath(path),
        );
        const line = text.slice(0, first).split("\n").length;
        return `Replaced 1 occurrence in ${rel} at line ${line}.`;
      }),

    insert: (path, line, text) =>
      guard(async () => {
        const { abs, rel } = await resolve(path);
        assertWritable(rel, shownPath(path));
        if (typeof text !== "string") throw new EditorRefusal("text must be a string");
        const lines = (await readText(abs, shownPath(path))).split("\n");
        if (!Number.isInteger(line) || line < 0 || line > lines.length) {
          throw new EditorRefusal(`line must be a whole number in 0..${lines.length}`);
        }
        lines.splice(line, 0, ...text.split("\n"));
        await write(abs, rel, lines.join("\n"), shownPath(path));
        return `Inserted ${text.split("\n").length} line(s) into ${rel} after line ${line}.`;
      }),

    undo: (path) =>
      guard(async () => {
        const { abs, rel } = await resolve(path);
        assertWritable(rel, shownPath(path));
        const stack = history.get(rel);
        const previous = stack?.pop();
        if (!stack || previous === undefined) throw new EditorRefusal(`no edit of ${rel} to undo`);
        if (previous === null) await rm(abs, { force: true });
        else {
          spend(Buffer.byteLength(previous), shownPath(path));
          await replaceFile(abs, previous);
        }
        return previous === null ? `Undid the creation of ${rel}.` : `Reverted the last edit of ${rel}.`;
      }),
  };
}
