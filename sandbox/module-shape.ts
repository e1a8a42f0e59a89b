/**
 * What one compiled module exports and which names it imports from which program file, read from
 * the CommonJS code esbuild prints for an ES module. The linker uses it to refuse an import of a
 * name the other file does not export, as a whole-program bundle does ("No matching export").
 * Only esbuild's own generated lines are read: `__export(x_exports, {…})`, `__reExport(…)` and the
 * `import_*` variables it declares for imports; a CommonJS or JSON file has an open shape.
 */

export interface ModuleShape {
  /** Export names, or null when they are only known at run time (CommonJS, JSON). */
  exports: Set<string> | null;
  /** Files whose exports this one re-exports (`export * from`). */
  reExports: string[];
  /** Named and default imports: the file, the name and where the access is in the compiled code. */
  imports: { from: string; name: string; index: number }[];
}

const STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;
const KEY = new RegExp(String.raw`^\s*(${STRING}|[\w$]+):`);

function readString(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

function exportNames(code: string): Set<string> {
  const names = new Set<string>();
  const block = /^var ([\w$]+) = \{\};\n__export\(\1, \{\n([\s\S]*?)\n\}\);$/m.exec(code);
  for (const line of block?.[2]?.split("\n") ?? []) {
    const key = KEY.exec(line)?.[1];
    if (key !== undefined) names.add(key.startsWith('"') ? readString(key) : key);
  }
  return names;
}

function reExportsOf(code: string): string[] {
  const pattern = new RegExp(String.raw`__reExport\([\w$]+, require\((${STRING})\)`, "g");
  return [...code.matchAll(pattern)].map((match) => readString(match[1]!));
}

function importsOf(code: string): ModuleShape["imports"] {
  const declared = new RegExp(
    String.raw`^var (import_[\w$]+) = (?:__toESM\()?require\((${STRING})\)\)?;$`,
    "gm",
  );
  const out: ModuleShape["imports"] = [];
  for (const [, variable, literal] of code.matchAll(declared)) {
    const from = readString(literal!);
    const access = new RegExp(
      String.raw`(?<![\w$.])${variable!.replaceAll("$", "\\$")}(?:\.([A-Za-z_$][\w$]*)|\[(${STRING})\])`,
      "g",
    );
    const seen = new Set<string>();
    for (const match of code.matchAll(access)) {
      const name = match[1] ?? readString(match[2]!);
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ from, name, index: match.index });
    }
  }
  return out;
}

export function moduleShape(code: string): ModuleShape {
  const esm = /^module\.exports = __toCommonJS\(/m.test(code);
  return {
    exports: esm ? exportNames(code) : null,
    reExports: esm ? reExportsOf(code) : [],
    imports: importsOf(code),
  };
}

/**
 * The names `path` exports, following `export *`; null when any part is only known at run time.
 * `shapes` holds every linked module.
 */
export function exportsOf(
  path: string,
  shapes: ReadonlyMap<string, ModuleShape>,
  seen = new Set<string>(),
): Set<string> | null {
  const shape = shapes.get(path);
  if (!shape?.exports) return null;
  if (seen.has(path)) return new Set();
  seen.add(path);
  const names = new Set(shape.exports);
  for (const from of shape.reExports) {
    const more = exportsOf(from, shapes, seen);
    if (more === null) return null;
    for (const name of more) if (name !== "default") names.add(name);
  }
  return names;
}
