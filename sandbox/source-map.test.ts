import { createContext, Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { BUNDLE_FILE, bundleProgram } from "./bundle.js";
import { decodeVlq, mapStack, parseSourceMap } from "./source-map.js";

describe("decodeVlq", () => {
  it("decodes single and multi-digit values with signs", () => {
    expect(decodeVlq("A")).toEqual([0]);
    expect(decodeVlq("C")).toEqual([1]);
    expect(decodeVlq("D")).toEqual([-1]);
    expect(decodeVlq("gB")).toEqual([16]);
    expect(decodeVlq("AAgBC")).toEqual([0, 0, 16, 1]);
    expect(decodeVlq("2H4rB")).toEqual([123, 700]);
  });

  it("rejects truncated groups and bad characters", () => {
    expect(() => decodeVlq("g")).toThrow(/truncated/);
    expect(() => decodeVlq("A!")).toThrow(/invalid/);
  });
});

describe("parseSourceMap", () => {
  it("accumulates deltas across lines and finds the segment at or before a column", () => {
    // Line 1: col 0 -> a.ts 0:0, col 4 -> a.ts 1:2. Line 2: col 2 -> b.ts 3:0.
    const lookup = parseSourceMap({ version: 3, sources: ["a.ts", "b.ts"], mappings: "AAAA,IACE;ECEF" });
    expect(lookup.originalPosition(1, 1)).toEqual({ source: "a.ts", line: 1, column: 1 });
    expect(lookup.originalPosition(1, 7)).toEqual({ source: "a.ts", line: 2, column: 3 });
    expect(lookup.originalPosition(2, 3)).toEqual({ source: "b.ts", line: 4, column: 1 });
    expect(lookup.originalPosition(9, 1)).toBeUndefined();
  });
});

describe("mapStack", () => {
  it("maps the frames of a real bundle, run in V8, back to the program's files and lines", async () => {
    const bundle = await bundleProgram(
      {
        "main.ts":
          'import { fail } from "./deep/fail";\n\nexport function solve(): number {\n  return fail(2);\n}\n',
        "deep/fail.ts":
          "// padding\nexport function fail(n: number): number {\n  if (n > 1) {\n    throw new Error('no');\n  }\n  return n;\n}\n",
      },
      "main.ts",
    );
    if (!bundle.ok) throw new Error(bundle.message);
    const context = createContext({});
    new Script(bundle.code, { filename: BUNDLE_FILE }).runInContext(context);
    let stack = "";
    try {
      (context.__hyperagent_module as { solve: () => number }).solve();
    } catch (error) {
      stack = (error as Error).stack ?? "";
    }
    const frames = stack.split("\n").filter((line) => line.includes(BUNDLE_FILE));
    const mapped = mapStack(frames.slice(0, 2).join("\n"), BUNDLE_FILE, bundle.map);
    expect(mapped).toBe(["    at fail (deep/fail.ts:4:11)", "    at Object.solve (main.ts:4:10)"].join("\n"));
  });
});
