/**
 * Links compiled modules into one script that assigns the entry's exports to a global, as an
 * IIFE bundle does. Each module body becomes a function of (exports, require, module), run on its
 * first require; modules sit in path order, each starting on a line of its own, so the script's
 * source map only has to find the module a line belongs to and ask that module's own map.
 */
import type { CompiledModule } from "./module-compile.js";
import { exportsOf, type ModuleShape } from "./module-shape.js";
import type { SourceMapLookup } from "./source-map.js";

export interface Linked {
  code: string;
  map: SourceMapLookup;
}

export interface LinkFailure {
  ok: false;
  message: string;
  file?: string;
  line?: number;
}

/** The loader every linked script ends with; `__hv_import` is what dynamic imports became. */
const loader = (entry: string) =>
  [
    "const __hv_cache = Object.create(null);",
    "function __hv_require(key) {",
    "  const cached = __hv_cache[key];",
    "  if (cached) return cached.exports;",
    "  const define = __hv_defs[key];",
    '  if (!define) throw new Error("Cannot find module " + JSON.stringify(key) + " in the program");',
    "  const module = { exports: {} };",
    "  __hv_cache[key] = module;",
    "  define.call(module.exports, module.exports, __hv_require, module, __hv_import);",
    "  return module.exports;",
    "}",
    "function __hv_import(key) {",
    "  return Promise.resolve().then(() => {",
    "    const loaded = __hv_require(key);",
    "    if (loaded && loaded.__esModule) return loaded;",
    "    return Object.freeze(Object.assign(Object.create(null), loaded, { default: loaded }));",
    "  });",
    "}",
    `return __hv_require(${JSON.stringify(entry)});`,
    "})();",
  ].join("\n");

/** The first named import of a name its file does not export, as the position in its source. */
export function missingExport(modules: readonly CompiledModule[]): LinkFailure | undefined {
  const shapes = new Map<string, ModuleShape>(modules.map((m) => [m.path, m.shape]));
  for (const module of modules) {
    for (const { from, name, index } of module.shape.imports) {
      const names = exportsOf(from, shapes);
      if (names === null || names.has(name)) continue;
      const before = module.code.slice(0, index);
      const line = before.split("\n").length;
      const column = index - before.lastIndexOf("\n");
      const at = module.map.originalPosition(line, column);
      const text = `No matching export in "${from}" for import "${name}"`;
      if (!at) return { ok: false, message: `${module.path}: ${text}`, file: module.path };
      return {
        ok: false,
        message: `${at.source}:${at.line}:${at.column}: ${text}`,
        file: at.source,
        line: at.line,
      };
    }
  }
  return undefined;
}

/** One script of `modules` (the entry's import closure) whose value is the entry's exports. */
export function linkModules(entry: string, modules: readonly CompiledModule[], globalName: string): Linked {
  const parts = ['"use strict";', `var ${globalName} = (() => {`, "const __hv_defs = Object.create(null);"];
  let line = parts.length + 1;
  const ranges: { start: number; end: number; map: SourceMapLookup }[] = [];
  for (const module of [...modules].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    parts.push(
      `__hv_defs[${JSON.stringify(module.path)}] = function (exports, require, module, __hv_import) {`,
    );
    line++;
    const body = module.code.endsWith("\n") ? module.code.slice(0, -1) : module.code;
    const lines = body.split("\n").length;
    parts.push(body, "};");
    ranges.push({ start: line, end: line + lines - 1, map: module.map });
    line += lines + 1;
  }
  parts.push(loader(entry));
  const map: SourceMapLookup = {
    originalPosition(at, column) {
      const range = ranges.find((r) => at >= r.start && at <= r.end);
      return range?.map.originalPosition(at - range.start + 1, column);
    },
  };
  return { code: `${parts.join("\n")}\n`, map };
}
