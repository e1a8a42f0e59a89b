/**
 * Where the child process finds "hyperagents/solution". From the compiled package (dist/) it is
 * runtime.js beside this file, run as it is. From the sources (tsx, vitest) the child has no
 * TypeScript loader, so the runtime and its relative imports are bundled into one .mjs file in
 * node_modules/.cache, from where its package imports resolve as the host's do. Either way the
 * answer lists the exact files the child must be allowed to read, and nothing more of the
 * package: a solution must not read, say, a bundled task's data generator.
 */

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SystemError } from "../../sdk/errors.js";
import { buildWithService } from "../../sdk/internal/esbuild-service.js";

export interface RuntimeLocation {
  /** The file URL the solution's `import "hyperagents/solution"` becomes. */
  url: string;
  /** Absolute files the child reads to load the runtime (package imports excluded). */
  readPaths: string[];
  /** The folder bare imports of the runtime resolve from (for the solution's own imports too). */
  resolveDir: string;
}

let pending: Promise<RuntimeLocation> | undefined;

/** The runtime as the child loads it; computed once per host process. */
export function runtimeLocation(): Promise<RuntimeLocation> {
  pending ??= locate(import.meta.url);
  pending.catch(() => {
    pending = undefined;
  });
  return pending;
}

/** `selfUrl` is this module's URL: a .ts one means the sources, a .js one the compiled package. */
export async function locate(selfUrl: string): Promise<RuntimeLocation> {
  const fromSources = selfUrl.endsWith(".ts");
  const entry = fileURLToPath(new URL(fromSources ? "./runtime.ts" : "./runtime.js", selfUrl));
  if (!existsSync(entry))
    throw new SystemError(`the solution runtime is missing: ${entry}; rebuild the package`);
  const resolveDir = path.dirname(entry);
  const result = await buildWithService({
    entryPoints: [entry],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: resolveDir,
  });
  if (!fromSources) {
    const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(resolveDir, input));
    return {
      url: pathToFileURL(entry).href,
      readPaths: [...inputs, ...packageJsonOf(resolveDir)],
      resolveDir,
    };
  }
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new SystemError("bundling the solution runtime produced no output");
  const file = await writeCached(resolveDir, code);
  return { url: pathToFileURL(file).href, readPaths: [file], resolveDir };
}

/** The nearest package.json above the compiled runtime: Node reads it for the module type. */
function packageJsonOf(dir: string): string[] {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, "package.json");
    if (existsSync(candidate)) return [candidate];
    if (path.dirname(current) === current) return [];
  }
}

/** Writes the bundle under the nearest node_modules/.cache, named by its hash, atomically. */
async function writeCached(fromDir: string, code: string): Promise<string> {
  const modules = nearestNodeModules(fromDir);
  if (modules === undefined) {
    throw new SystemError(
      `no node_modules above ${fromDir}: install the package's dependencies (npm install)`,
    );
  }
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const dir = path.join(modules, ".cache", "hyperagents");
  const file = path.join(dir, `solution-runtime-${hash}.mjs`);
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, code);
  await rename(temp, file);
  return file;
}

function nearestNodeModules(fromDir: string): string | undefined {
  for (let current = fromDir; ; current = path.dirname(current)) {
    const candidate = path.join(current, "node_modules");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}
