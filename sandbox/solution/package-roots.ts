/**
 * The installed packages a solution may read: the ones it imports (TensorFlow.js, Arrow,
 * csv-parse) and, transitively, what they depend on, found the way Node finds them (a
 * node_modules folder at or above the importer). Only these folders are readable in the child,
 * not the whole node_modules, and never the project's own sources.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";

/** The packages a solution imports directly. The native backends join when installed. */
export const SOLUTION_PACKAGES = [
  "@tensorflow/tfjs",
  "@tensorflow/tfjs-core",
  "@tensorflow/tfjs-layers",
  "@tensorflow/tfjs-backend-cpu",
  "@tensorflow/tfjs-backend-wasm",
  "apache-arrow",
  "csv-parse",
] as const;

export const NATIVE_PACKAGES = ["@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu"] as const;

/** The folder of `name` as Node would find it from `fromDir`, symbolic links resolved. */
export function packageRoot(name: string, fromDir: string): string | undefined {
  for (let current = fromDir; ; current = path.dirname(current)) {
    const candidate = path.join(current, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
    if (path.dirname(current) === current) return undefined;
  }
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const closures = new Map<string, string[]>();

/** Every package folder reachable from `names` (missing optional ones skipped); memoised. */
export function packageClosure(names: readonly string[], fromDir: string): string[] {
  const key = `${fromDir}\0${names.join("\0")}`;
  let roots = closures.get(key);
  if (roots === undefined) {
    roots = computeClosure(names, fromDir);
    closures.set(key, roots);
  }
  return roots;
}

function computeClosure(names: readonly string[], fromDir: string): string[] {
  const roots = new Set<string>();
  const queue = names.map((name) => ({ name, fromDir }));
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const root = packageRoot(item.name, item.fromDir);
    if (root === undefined || roots.has(root)) continue;
    roots.add(root);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;
    } catch {
      continue;
    }
    const deps = { ...manifest.peerDependencies, ...manifest.optionalDependencies, ...manifest.dependencies };
    for (const dep of Object.keys(deps)) queue.push({ name: dep, fromDir: root });
  }
  return [...roots].sort();
}
