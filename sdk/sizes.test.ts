import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** The engine and the CLI stay readable: files under 400 lines, functions under 80 (tests exempt). */
const AREAS = ["sdk/evolve", "sdk/cli"];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

const root = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

function longFunctions(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = file.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = file.getLineAndCharacterOfPosition(node.getEnd()).line - start + 1;
      if (lines > MAX_FUNCTION_LINES) found.push(`${relative(root, path)}:${start + 1} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("sizes in the engine and the CLI", () => {
  const files = AREAS.flatMap((area) => sources(join(root, area)));

  it(`keeps every file under ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((path) => ({ path, lines: readFileSync(path, "utf8").split("\n").length }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ path, lines }) => `${relative(root, path)} (${lines} lines)`);
    expect(files.length).toBeGreaterThan(20);
    expect(long).toEqual([]);
  });

  it(`keeps every function under ${MAX_FUNCTION_LINES} lines`, () => {
    expect(files.flatMap((path) => longFunctions(path, readFileSync(path, "utf8")))).toEqual([]);
  });
});
