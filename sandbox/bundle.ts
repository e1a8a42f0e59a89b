/**
 * Bundles a program's files in memory with esbuild. Imports resolve only inside the files map:
 * a program gets its capabilities through `ctx`, never through packages or the host's disk.
 */
import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { Loader, Message, Plugin } from "esbuild";
import { buildWithService } from "../sdk/internal/esbuild-service.js";
import { createLru } from "./lru.js";
import { parseSourceMap, type RawSourceMap, type SourceMapLookup } from "./source-map.js";

/** The global the IIFE assigns the entry's exports to. */
export const BUNDLE_GLOBAL = "__hyperagent_module";
/** The file name V8 reports in stack frames of bundled code. */
export const BUNDLE_FILE = "hyperagent-program.js";

const NAMESPACE = "program";
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"];
const LOADERS: Record<string, Loader> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
  ".json": "json",
};

export interface BundleSuccess {
  ok: true;
  /**
   * sha256 of the entry, the names of the program's files and the contents of those it bundles:
   * the cache key, also used to cache compiled scripts and checked verdicts.
   */
  hash: string;
  code: string;
  map: SourceMapLookup;
}

export interface BundleFailure {
  ok: false;
  message: string;
  file?: string;
  line?: number;
}

export type BundleResult = BundleSuccess | BundleFailure;

/** Normalises a files-map key: posix separators, no leading "./". */
export function normaliseProgramPath(path: string): string {
  return posix.normalize(path.replaceAll("\\", "/")).replace(/^(\.\/)+/, "");
}

export function hashProgram(files: Record<string, string>, entry: string): string {
  const hash = createHash("sha256");
  hash.update(normaliseProgramPath(entry));
  for (const key of Object.keys(files).sort()) {
    // Length prefixes keep ("ab","c") and ("a","bc") apart.
    const content = files[key] ?? "";
    hash.update(`\0${key.length}:${key}\0${content.length}:`);
    hash.update(content);
  }
  return hash.digest("hex");
}

function isBare(specifier: string): boolean {
  return (
    !specifier.startsWith("./") && !specifier.startsWith("../") && specifier !== "." && specifier !== ".."
  );
}

function candidates(target: string): string[] {
  const out = [target];
  // NodeNext-style imports name the emitted file: "./util.js" means "./util.ts".
  const ext = posix.extname(target);
  if ([".js", ".mjs", ".cjs", ".jsx"].includes(ext)) {
    const stem = target.slice(0, -ext.length);
    const tsExt = { ".js": ".ts", ".mjs": ".mts", ".cjs": ".cts", ".jsx": ".tsx" }[ext];
    if (tsExt) out.push(stem + tsExt);
    if (ext === ".js") out.push(`${stem}.tsx`);
  }
  for (const e of EXTENSIONS) out.push(target + e);
  for (const e of EXTENSIONS) out.push(posix.join(target, `index${e}`));
  return out;
}

export function programFilesPlugin(files: Map<string, string>): Plugin {
  return {
    name: "hyperagent-program-files",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const specifier = args.path;
        if (args.kind !== "entry-point" && isBare(specifier)) {
          return {
            errors: [
              {
                text:
                  `Cannot import "${specifier}": a program can only import its own files. ` +
                  "Programs get capabilities (llm, files, data, log) through the `ctx` argument, not through packages or Node built-ins.",
              },
            ],
          };
        }
        const base = args.kind === "entry-point" ? "" : posix.dirname(args.importer);
        const target = normaliseProgramPath(posix.join(base, specifier));
        if (target.startsWith("../") || target === ".." || posix.isAbsolute(target)) {
          return {
            errors: [{ text: `Cannot import "${specifier}": it points outside the program's files.` }],
          };
        }
        const found = candidates(target).find((c) => files.has(c));
        if (found === undefined) {
          return { errors: [{ text: `Cannot resolve "${specifier}": no such file in the program.` }] };
        }
        return { path: found, namespace: NAMESPACE };
      });
      b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: files.get(args.path) ?? "",
        loader: LOADERS[posix.extname(args.path)] ?? "ts",
      }));
    },
  };
}

function stripNamespace(file: string): string {
  return file.startsWith(`${NAMESPACE}:`) ? file.slice(NAMESPACE.length + 1) : file;
}

function formatMessage(message: Message): BundleFailure {
  const loc = message.location;
  if (!loc) return { ok: false, message: message.text };
  const file = stripNamespace(loc.file);
  return {
    ok: false,
    message: `${file}:${loc.line}:${loc.column + 1}: ${message.text}`,
    file,
    line: loc.line,
  };
}

function isBuildFailure(error: unknown): error is { errors: Message[] } {
  return typeof error === "object" && error !== null && Array.isArray((error as { errors?: unknown }).errors);
}

/** Every request by the hash of all its files: identical programs share one build. */
const cache = createLru<Promise<BundleResult>>(64);
/** Finished bundles by the key of the files they are made of (inputsKey). */
const byInputs = createLru<BundleSuccess>(64);
/** Per entry, the file lists its recent bundles were made of, newest first. */
const inputLists = new Map<string, string[][]>();
const INPUT_LISTS_PER_ENTRY = 8;

/** Drops cached bundles (tests, or a host that wants its memory back). */
export function clearBundleCache(): void {
  cache.clear();
  byInputs.clear();
  inputLists.clear();
}

/**
 * A bundle's key: its entry, the names of all the program's files (they decide how imports
 * resolve) and the contents of the files it is made of. A child that changed only files the
 * entry does not import gets its parent's bundle without a build.
 */
function inputsKey(map: ReadonlyMap<string, string>, entry: string, inputs: readonly string[]): string {
  const hash = createHash("sha256");
  hash.update(`${entry}\0`);
  for (const path of [...map.keys()].sort()) hash.update(`${path.length}:${path}\0`);
  for (const path of inputs) {
    const content = map.get(path) ?? "";
    hash.update(`\0${path.length}:${path}\0${content.length}:`);
    hash.update(content);
  }
  return hash.digest("hex");
}

function normalisedFiles(files: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(files)) map.set(normaliseProgramPath(key), value);
  return map;
}

/** A finished bundle of `entry` made of the same files as one built before, if any. */
function bundleOfSameInputs(map: ReadonlyMap<string, string>, entry: string): BundleSuccess | undefined {
  for (const inputs of inputLists.get(entry) ?? []) {
    if (!inputs.every((path) => map.has(path))) continue;
    const found = byInputs.get(inputsKey(map, entry, inputs));
    if (found) return found;
  }
  return undefined;
}

function remember(entry: string, inputs: string[], bundle: BundleSuccess): void {
  byInputs.set(bundle.hash, bundle);
  const same = (list: string[]) => list.length === inputs.length && list.every((p, i) => p === inputs[i]);
  const lists = (inputLists.get(entry) ?? []).filter((list) => !same(list));
  inputLists.set(entry, [inputs, ...lists].slice(0, INPUT_LISTS_PER_ENTRY));
}

/** Bundles `entry` and everything it imports from `files`; cached by content (see inputsKey). */
export function bundleProgram(files: Record<string, string>, entry: string): Promise<BundleResult> {
  const hash = hashProgram(files, entry);
  const cached = cache.get(hash);
  if (cached) return cached;
  const map = normalisedFiles(files);
  const entryPath = normaliseProgramPath(entry);
  const same = bundleOfSameInputs(map, entryPath);
  const result = same ? Promise.resolve(same) : runBuild(map, entryPath);
  cache.set(hash, result);
  return result;
}

async function runBuild(map: Map<string, string>, entryPath: string): Promise<BundleResult> {
  if (!map.has(entryPath)) {
    return {
      ok: false,
      message: `Entry file "${entryPath}" is not in the program's files.`,
      file: entryPath,
    };
  }
  try {
    const out = await buildWithService({
      entryPoints: [`./${entryPath}`],
      bundle: true,
      write: false,
      format: "iife",
      globalName: BUNDLE_GLOBAL,
      // ES modules are strict; esbuild's IIFE output is not unless told.
      banner: { js: '"use strict";' },
      platform: "neutral",
      target: "es2022",
      outfile: BUNDLE_FILE,
      sourcemap: "external",
      sourcesContent: false,
      logLevel: "silent",
      metafile: true,
      // No tsconfig on disk applies to a program held in memory.
      tsconfigRaw: {},
      plugins: [programFilesPlugin(map)],
    });
    const js = out.outputFiles.find((f) => f.path.endsWith(".js"));
    const mapFile = out.outputFiles.find((f) => f.path.endsWith(".map"));
    if (!js || !mapFile) return { ok: false, message: "esbuild produced no output" };
    const raw = JSON.parse(mapFile.text) as RawSourceMap;
    const lookup = parseSourceMap(raw, (source) => stripNamespace(source));
    // The external map's trailer comment is useless inside the isolate.
    const code = js.text.replace(/\/\/# sourceMappingURL=.*\s*$/, "");
    const inputs = Object.keys(out.metafile.inputs).map(stripNamespace).sort();
    const bundle: BundleSuccess = { ok: true, hash: inputsKey(map, entryPath, inputs), code, map: lookup };
    remember(entryPath, inputs, bundle);
    return bundle;
  } catch (error) {
    if (isBuildFailure(error) && error.errors[0]) return formatMessage(error.errors[0]);
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
