/**
 * Bundles a program's files in memory: each file is compiled on its own by esbuild (cached, so a
 * child that edited one file compiles that file alone) and the entry's import closure is linked
 * into one script. Imports resolve only inside the files map: a program gets its capabilities
 * through `ctx`, never through packages or the host's disk.
 */
import { createHash } from "node:crypto";
import { linkModules, missingExport } from "./link.js";
import { createLru } from "./lru.js";
import {
  type CompiledModule,
  clearModuleCache,
  compileModule,
  fileNamesKey,
  normaliseProgramPath,
} from "./module-compile.js";
import type { SourceMapLookup } from "./source-map.js";

export { normaliseProgramPath, programFilesPlugin } from "./module-compile.js";

/** The global the script assigns the entry's exports to. */
export const BUNDLE_GLOBAL = "__hyperagent_module";
/** The file name V8 reports in stack frames of bundled code. */
export const BUNDLE_FILE = "hyperagent-program.js";

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

/** Every request by the hash of all its files: identical programs share one build. */
const cache = createLru<Promise<BundleResult>>(64);
/** Finished bundles by the key of the files they are made of (inputsKey). */
const byInputs = createLru<BundleSuccess>(64);
/** Per entry, the file lists its recent bundles were made of, newest first. */
const inputLists = new Map<string, string[][]>();
const INPUT_LISTS_PER_ENTRY = 8;

/** Drops cached bundles (tests, or a host that wants its memory back). */
export function clearBundleCache(): void {
  clearModuleCache();
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
  const namesKey = fileNamesKey(map);
  const modules = new Map<string, CompiledModule>();
  // Breadth first, each level's files compiled at once; unchanged files come from the cache.
  let level = [entryPath];
  const seen = new Set(level);
  while (level.length > 0) {
    const compiled = await Promise.all(level.map((path) => compileModule(path, map, namesKey)));
    const next: string[] = [];
    for (const module of compiled) {
      if (!module.ok) return module;
      modules.set(module.path, module);
      for (const path of module.imports) {
        if (seen.has(path)) continue;
        seen.add(path);
        next.push(path);
      }
    }
    level = next;
  }
  const inputs = [...modules.keys()].sort();
  const closure = inputs.map((path) => modules.get(path)!);
  const unmatched = missingExport(closure);
  if (unmatched) return unmatched;
  const { code, map: lookup } = linkModules(entryPath, closure, BUNDLE_GLOBAL);
  const bundle: BundleSuccess = { ok: true, hash: inputsKey(map, entryPath, inputs), code, map: lookup };
  remember(entryPath, inputs, bundle);
  return bundle;
}
