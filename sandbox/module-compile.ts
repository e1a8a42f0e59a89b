/**
 * One program file compiled on its own to a CommonJS module body, its imports resolved inside the
 * program's files and left as `require(key)` calls for the linker. Compiled modules are cached by
 * path, content and the program's file names (which decide how imports resolve), so a child that
 * edited one file compiles that file alone: esbuild's cost grows with the code it reads, and a
 * whole-program build of every child spent most of the compile gate.
 */
import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { Loader, Message, Plugin } from "esbuild";
import { buildWithService } from "../sdk/internal/esbuild-service.js";
import { createLru } from "./lru.js";
import { type ModuleShape, moduleShape } from "./module-shape.js";
import { parseSourceMap, type RawSourceMap, type SourceMapLookup } from "./source-map.js";

export const PROGRAM_NAMESPACE = "program";
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

/** Marks a dynamic import's target, so the `import(…)` esbuild leaves can become a require. */
const DYNAMIC_PREFIX = "__hv_dynamic__/";

export interface CompiledModule {
  ok: true;
  path: string;
  /** A CommonJS module body: it reads `module`, `exports` and `require(key)`. */
  code: string;
  map: SourceMapLookup;
  /** Program files it imports, statically or dynamically, by key. */
  imports: string[];
  /** Its exports and named imports, read once here for the linker's export check. */
  shape: ModuleShape;
}

export interface CompileFailure {
  ok: false;
  message: string;
  file?: string;
  line?: number;
}

/** Normalises a files-map key: posix separators, no leading "./". */
export function normaliseProgramPath(path: string): string {
  return posix.normalize(path.replaceAll("\\", "/")).replace(/^(\.\/)+/, "");
}

export function loaderOf(path: string): Loader {
  return LOADERS[posix.extname(path)] ?? "ts";
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

/** Where `specifier`, imported by a file in `fromDir`, resolves among the program's files; or why not. */
export function resolveImport(
  specifier: string,
  fromDir: string,
  files: ReadonlyMap<string, string>,
): { path: string } | { error: string } {
  if (isBare(specifier)) {
    return {
      error:
        `Cannot import "${specifier}": a program can only import its own files. ` +
        "Programs get capabilities (llm, files, data, log) through the `ctx` argument, not through packages or Node built-ins.",
    };
  }
  const target = normaliseProgramPath(posix.join(fromDir, specifier));
  if (target.startsWith("../") || target === ".." || posix.isAbsolute(target))
    return { error: `Cannot import "${specifier}": it points outside the program's files.` };
  const found = candidates(target).find((c) => files.has(c));
  if (found === undefined) return { error: `Cannot resolve "${specifier}": no such file in the program.` };
  return { path: found };
}

/** Resolves every import inside `files` (the whole-program build of program-parts uses it). */
export function programFilesPlugin(files: ReadonlyMap<string, string>): Plugin {
  return {
    name: "hyperagent-program-files",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const fromDir = args.kind === "entry-point" ? "" : posix.dirname(args.importer);
        const resolved =
          args.kind === "entry-point"
            ? resolveImport(`./${normaliseProgramPath(args.path)}`, "", files)
            : resolveImport(args.path, fromDir, files);
        if ("error" in resolved) return { errors: [{ text: resolved.error }] };
        return { path: resolved.path, namespace: PROGRAM_NAMESPACE };
      });
      b.onLoad({ filter: /.*/, namespace: PROGRAM_NAMESPACE }, (args) => ({
        contents: files.get(args.path) ?? "",
        loader: loaderOf(args.path),
      }));
    },
  };
}

export function stripNamespace(file: string): string {
  return file.startsWith(`${PROGRAM_NAMESPACE}:`) ? file.slice(PROGRAM_NAMESPACE.length + 1) : file;
}

export function formatMessage(message: Message): CompileFailure {
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

/**
 * esbuild keeps `import("…")` of an external module; inside a script it must load the program's
 * own module instead. Padded to the same length, so the source map's columns stay right.
 */
function dynamicAsRequire(code: string, target: string): string {
  const kept = `import(${JSON.stringify(DYNAMIC_PREFIX + target)})`;
  const call = `__hv_import(${JSON.stringify(target)})`;
  return code.replaceAll(kept, call.padEnd(kept.length, " "));
}

function isBuildFailure(error: unknown): error is { errors: Message[] } {
  return typeof error === "object" && error !== null && Array.isArray((error as { errors?: unknown }).errors);
}

/** Compiled modules by moduleKey; a promise, so concurrent bundles of one child share a build. */
const compiled = createLru<Promise<CompiledModule | CompileFailure>>(512);

export function clearModuleCache(): void {
  compiled.clear();
}

/** A module's cache key: its path and content, and the program's file names (imports resolve among them). */
export function fileNamesKey(files: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) hash.update(`${path.length}:${path}\0`);
  return hash.digest("hex");
}

function moduleKey(path: string, content: string, namesKey: string): string {
  return createHash("sha256").update(`${namesKey}\0${path}\0`).update(content).digest("hex");
}

/** Compiles `path` of `files` (it must be there); `namesKey` is fileNamesKey(files). */
export function compileModule(
  path: string,
  files: ReadonlyMap<string, string>,
  namesKey: string,
): Promise<CompiledModule | CompileFailure> {
  const content = files.get(path) ?? "";
  const key = moduleKey(path, content, namesKey);
  const cached = compiled.get(key);
  if (cached) return cached;
  const result = runCompile(path, content, files);
  compiled.set(key, result);
  return result;
}

async function runCompile(
  path: string,
  content: string,
  files: ReadonlyMap<string, string>,
): Promise<CompiledModule | CompileFailure> {
  const imports = new Set<string>();
  const dynamic = new Set<string>();
  const fromDir = posix.dirname(path);
  const resolver: Plugin = {
    name: "hyperagent-module-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const resolved = resolveImport(args.path, fromDir, files);
        if ("error" in resolved) return { errors: [{ text: resolved.error }] };
        imports.add(resolved.path);
        if (args.kind !== "dynamic-import") return { path: resolved.path, external: true };
        dynamic.add(resolved.path);
        return { path: DYNAMIC_PREFIX + resolved.path, external: true };
      });
    },
  };
  try {
    const out = await buildWithService({
      stdin: { contents: content, sourcefile: path, loader: loaderOf(path) },
      // Bundling with every import external resolves them through the plugin; a JSON file has
      // none, and as an entry it would be tree-shaken to nothing.
      bundle: loaderOf(path) !== "json",
      write: false,
      format: "cjs",
      platform: "neutral",
      target: "es2022",
      outfile: "module.js",
      sourcemap: "external",
      sourcesContent: false,
      logLevel: "silent",
      // No tsconfig on disk applies to a program held in memory.
      tsconfigRaw: {},
      plugins: [resolver],
    });
    const js = out.outputFiles.find((f) => f.path.endsWith(".js"));
    const mapFile = out.outputFiles.find((f) => f.path.endsWith(".map"));
    if (!js || !mapFile) return { ok: false, message: "esbuild produced no output" };
    const map = parseSourceMap(JSON.parse(mapFile.text) as RawSourceMap, stripNamespace);
    // The external map's trailer comment is useless inside the isolate.
    let code = js.text.replace(/\/\/# sourceMappingURL=.*\s*$/, "");
    for (const target of dynamic) code = dynamicAsRequire(code, target);
    return { ok: true, path, code, map, imports: [...imports].sort(), shape: moduleShape(code) };
  } catch (error) {
    if (isBuildFailure(error) && error.errors[0]) return formatMessage(error.errors[0]);
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
