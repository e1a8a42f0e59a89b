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
  it("maps a real esbuild bundle's frames back to the program's files and lines", async () => {
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
    const lines = bundle.code.split("\n");
    const throwLine = lines.findIndex((l) => l.includes("throw new Error")) + 1;
    const throwCol = lines[throwLine - 1]!.indexOf("throw") + 1;
    const callLine = lines.findIndex((l) => l.includes("return fail(2)")) + 1;
    const callCol = lines[callLine - 1]!.indexOf("fail(2)") + 1;
    const stack = [
      "Error: no",
      `    at fail (${BUNDLE_FILE}:${throwLine}:${throwCol})`,
      `    at solve (${BUNDLE_FILE}:${callLine}:${callCol})`,
      "    at main (hyperagent-sandbox-runtime.js:1:1)",
      "    at (<isolated-vm boundary>)",
      "    at host (/somewhere/on/the/host.js:1:1)",
    ].join("\n");
    const mapped = mapStack(stack, BUNDLE_FILE, bundle.map, ["hyperagent-sandbox-runtime.js"]);
    expect(mapped).toBe(
      ["Error: no", "    at fail (deep/fail.ts:4:5)", "    at solve (main.ts:4:10)"].join("\n"),
    );
  });
});
