/**
 * Bundles a solution (TypeScript or JavaScript, one file or several) into one ES module for the
 * child. `import "hyperagents/solution"` becomes the runtime's file URL; TensorFlow.js, Arrow and
 * csv-parse stay external, rewritten to the absolute URLs of the host's installed copies (the
 * same files the runtime loads, so tfjs has one engine and one backend). Any other package is a
 * bundle error: the child can read no other installed package.
 */
import { builtinModules } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { buildWithService } from "../../sdk/internal/esbuild-service.js";
import type { RuntimeLocation } from "./runtime-location.js";

export type SolutionSource = { path: string } | { source: string; filename: string };

const HOST_PACKAGE = /^(@tensorflow\/[^/]+|apache-arrow|csv-parse)(\/.*)?$/;
const RUNTIME_SPECIFIER = "hyperagents/solution";

/** Lets a CommonJS-style `require` of an external package work in the ES module bundle. */
const BANNER =
  'import { createRequire as __hyperagentsCreateRequire } from "node:module";\n' +
  "globalThis.require ??= __hyperagentsCreateRequire(import.meta.url);";

const BUILTINS = new Set(builtinModules);

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * Bundling runs on the host with the host's rights, so resolution is fenced: a relative or
 * absolute import must land inside the solution's own folder (else a solution could bundle a
 * task's generator or a config file), and a package must be one the child may load.
 */
function hostImports(runtime: RuntimeLocation, root: string): Plugin {
  return {
    name: "hyperagents-host-imports",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === "host" || args.kind === "entry-point") return undefined;
        const specifier = args.path;
        if (specifier.startsWith("node:") || BUILTINS.has(specifier))
          return { path: specifier, external: true };
        if (specifier === RUNTIME_SPECIFIER || HOST_PACKAGE.test(specifier)) return undefined;
        if (!specifier.startsWith(".") && !path.isAbsolute(specifier)) {
          return {
            errors: [
              {
                text: `package "${specifier}" is not available to solutions: use @tensorflow/*, apache-arrow, csv-parse, node: built-ins or "${RUNTIME_SPECIFIER}"`,
              },
            ],
          };
        }
        const found = await build.resolve(specifier, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "host",
        });
        if (found.errors.length > 0) return { errors: found.errors };
        if (!isInside(root, found.path)) {
          return { errors: [{ text: `"${specifier}" is outside the solution's folder ${root}` }] };
        }
        return { path: found.path };
      });
      build.onResolve({ filter: /^hyperagents\/solution$/ }, () => ({ path: runtime.url, external: true }));
      build.onResolve({ filter: HOST_PACKAGE }, async (args) => {
        if (args.pluginData === "host") return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: runtime.resolveDir,
          pluginData: "host",
        });
        if (found.errors.length > 0) return { errors: found.errors };
        const target = args.kind === "require-call" ? found.path : pathToFileURL(found.path).href;
        return { path: target, external: true };
      });
    },
  };
}

export type BundleOutcome = { ok: true; code: string } | { ok: false; message: string };

/** Bundles the solution; a solution that does not compile is an outcome, not a throw. */
export async function bundleSolution(
  solution: SolutionSource,
  runtime: RuntimeLocation,
  workDir: string,
): Promise<BundleOutcome> {
  // A file's imports stay in its folder; inline source may import only from the work folder.
  const root = "path" in solution ? path.dirname(path.resolve(solution.path)) : workDir;
  const input =
    "path" in solution
      ? { entryPoints: [solution.path] }
      : {
          stdin: {
            contents: solution.source,
            sourcefile: solution.filename,
            loader: /\.[cm]?tsx?$/.test(solution.filename) ? ("ts" as const) : ("js" as const),
            resolveDir: root,
          },
        };
  try {
    const result = await buildWithService({
      ...input,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      conditions: [],
      write: false,
      sourcemap: "inline",
      banner: { js: BANNER },
      logLevel: "silent",
      tsconfigRaw: {},
      plugins: [hostImports(runtime, root)],
    });
    const code = result.outputFiles[0]?.text;
    return code === undefined ? { ok: false, message: "bundle produced no output" } : { ok: true, code };
  } catch (error) {
    const failure = error as {
      errors?: { text: string; location?: { file: string; line: number; column: number } | null }[];
    };
    const first = failure.errors?.[0];
    if (first === undefined) return { ok: false, message: (error as Error).message };
    const where = first.location
      ? `${first.location.file}:${first.location.line}:${first.location.column}: `
      : "";
    return { ok: false, message: `${where}${first.text}` };
  }
}

export { RUNTIME_SPECIFIER };
