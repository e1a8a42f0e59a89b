import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layers of docs/architecture.md, lowest first. A file may import its own area and any area
 * of a lower layer; within a layer, areas may share types only (`import type`). Tests and the
 * child processes tests spawn are exempt.
 */
const LAYERS: readonly (readonly string[])[] = [
  // The error classes import nothing; the shared primitives (the run lock, say) throw them.
  ["sdk/errors"],
  ["sdk/internal"],
  ["sdk/numeric"],
  ["sdk/llm", "sdk/store", "sdk/program", "sandbox", "evals/metrics"],
  ["tasks", "sdk/archive", "evals"],
  // Evaluation jobs over Redis: workers run evals' evaluateInstances; the engine hands them jobs.
  ["sdk/queue"],
  ["sdk/evolve"],
  ["sdk/report"],
  ["sdk/cli", "sdk/testing", "sdk/index"],
];

const root = fileURLToPath(new URL("..", import.meta.url));

function areaOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "sdk") return `sdk/${(parts[1] ?? "").replace(/\.[jt]s$/, "")}`;
  // Pure metric functions: tasks score with them, evals aggregate them.
  if (parts[0] === "evals" && parts[1] === "metrics") return "evals/metrics";
  return parts[0] ?? path;
}

const layerOf = (area: string) => LAYERS.findIndex((layer) => layer.includes(area));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) {
      // The report's page script runs in the browser and is bundled on its own.
      if (path !== join("sdk", "report", "client")) out.push(...sourceFiles(path));
    } else if (/\.ts$/.test(name) && !/\.test\.ts$|-process\.ts$/.test(name)) out.push(path);
  }
  return out;
}

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const source = readFileSync(join(root, file), "utf8");
  const found: Import[] = [];
  const pattern =
    /(import|export)(\s+type)?[^;'"]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  for (const match of source.matchAll(pattern)) {
    const spec = match[3] ?? match[4] ?? "";
    found.push({
      file,
      target: relative(root, resolve(root, dirname(file), spec)),
      typeOnly: match[2] !== undefined,
    });
  }
  return found;
}

describe("layers", () => {
  const files = ["sdk", "sandbox", "tasks", "evals"].flatMap(sourceFiles);

  it("every source file belongs to a layer", () => {
    const unplaced = [...new Set(files.map(areaOf))].filter((area) => layerOf(area) < 0);
    expect(unplaced).toEqual([]);
  });

  it("no file imports from a higher layer, and areas of one layer share types only", () => {
    const violations: string[] = [];
    for (const { file, target, typeOnly } of files.flatMap(importsOf)) {
      const from = areaOf(file);
      const to = areaOf(target);
      if (from === to) continue;
      const fromLayer = layerOf(from);
      const toLayer = layerOf(to);
      if (toLayer < 0) violations.push(`${file} imports ${target}, which is in no layer`);
      else if (toLayer > fromLayer)
        violations.push(`${file} (${from}) imports ${target} (${to}), a higher layer`);
      else if (toLayer === fromLayer && !typeOnly)
        violations.push(`${file} (${from}) imports values from ${target} (${to}) in its own layer`);
    }
    expect(violations).toEqual([]);
  });

  it("shipped agents and examples import nothing of the host: agents only their own files, examples the package", () => {
    const outside: string[] = [];
    for (const dir of ["agents/initial", "agents/offline"]) {
      for (const file of sourceFiles(dir)) {
        for (const { target } of importsOf(file))
          if (!target.startsWith(`${dir}/`)) outside.push(`${file} -> ${target}`);
        const bare = /from\s+["']([^./][^"']*)["']/.exec(readFileSync(join(root, file), "utf8"));
        if (bare) outside.push(`${file} imports the package ${bare[1]}`);
      }
    }
    for (const file of sourceFiles("examples")) {
      for (const { target } of importsOf(file))
        if (!target.startsWith("examples/")) outside.push(`${file} -> ${target}`);
    }
    expect(outside).toEqual([]);
  });
});
