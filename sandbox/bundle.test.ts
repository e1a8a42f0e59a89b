import { describe, expect, it } from "vitest";
import { bundleProgram, hashProgram } from "./bundle.js";

describe("bundleProgram", () => {
  it("resolves relative imports with and without extensions, .js to .ts, and index files", async () => {
    const result = await bundleProgram(
      {
        "./task_agent.ts": [
          'import { a } from "./lib/a";',
          'import { b } from "./lib/b.js";',
          'import c from "./lib";',
          'import data from "./data.json";',
          "export const solve = () => a + b + c + data.d;",
        ].join("\n"),
        "lib/a.ts": "export const a = 1;",
        "lib/b.ts": "export const b = 2;",
        "lib/index.ts": 'export { c as default } from "../util/c.mjs";',
        "util/c.mts": "export const c = 3;",
        "data.json": '{ "d": 4 }',
      },
      "task_agent.ts",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const module = new Function(`${result.code}; return __hyperagent_module;`)() as { solve: () => number };
    expect(module.solve()).toBe(10);
  });

  it.each(["fs", "node:fs", "openai", "@scope/pkg"])(
    "refuses the bare import %s and points at ctx",
    async (spec) => {
      const result = await bundleProgram({ "a.ts": `import x from "${spec}";\nexport const y = x;` }, "a.ts");
      expect(result).toMatchObject({ ok: false, file: "a.ts", line: 1 });
      if (result.ok) return;
      expect(result.message).toContain(`"${spec}"`);
      expect(result.message).toContain("through the `ctx` argument, not through packages");
    },
  );

  it("refuses imports that leave the files map or do not exist", async () => {
    const outside = await bundleProgram({ "a.ts": 'import "../secret";' }, "a.ts");
    expect(outside).toMatchObject({ ok: false, message: expect.stringContaining("outside the program") });
    const missing = await bundleProgram({ "a.ts": 'import "./nope";' }, "a.ts");
    expect(missing).toMatchObject({ ok: false, message: expect.stringContaining("no such file") });
    const noEntry = await bundleProgram({ "a.ts": "" }, "b.ts");
    expect(noEntry).toMatchObject({ ok: false, message: expect.stringContaining("b.ts") });
  });

  it("reports syntax errors with the program's own file and line", async () => {
    const result = await bundleProgram(
      { "a.ts": 'import "./b";', "b.ts": "const ok = 1;\n\nconst bad = ;\n" },
      "a.ts",
    );
    expect(result).toMatchObject({ ok: false, file: "b.ts", line: 3 });
  });

  it("caches by content hash and rebuilds when a file changes", async () => {
    const files = { "a.ts": "export const solve = () => 1;" };
    const first = bundleProgram(files, "a.ts");
    expect(bundleProgram({ ...files }, "a.ts")).toBe(first);
    const changed = bundleProgram({ "a.ts": "export const solve = () => 2;" }, "a.ts");
    expect(changed).not.toBe(first);
    expect(hashProgram({ ab: "c" }, "x")).not.toBe(hashProgram({ a: "bc" }, "x"));
  });
});

describe("bundleProgram's cache by the files a bundle is made of", () => {
  const files = {
    "task_agent.ts": 'import { x } from "./lib.js";\nexport const solve = () => x;\n',
    "lib.ts": "export const x = 1;\n",
    "meta_agent.ts": "export const improve = () => 0;\n",
  };

  it("gives a program that changed only files the entry does not import the same bundle", async () => {
    const first = await bundleProgram(files, "task_agent.ts");
    const other = await bundleProgram(
      { ...files, "meta_agent.ts": "export const improve = () => 1;\n" },
      "task_agent.ts",
    );
    expect(other).toBe(first);
    const changed = await bundleProgram({ ...files, "lib.ts": "export const x = 2;\n" }, "task_agent.ts");
    expect(changed.ok && first.ok && changed.hash !== first.hash).toBe(true);
    if (changed.ok) expect(changed.code).toContain("x = 2");
  });

  it("builds again when a new file changes what an import resolves to", async () => {
    const first = await bundleProgram(files, "task_agent.ts");
    // "./lib.js" now names this file, not lib.ts.
    const shadowed = await bundleProgram(
      { ...files, "lib.js": "export const x = 'shadow';\n" },
      "task_agent.ts",
    );
    expect(shadowed).not.toBe(first);
    if (shadowed.ok) expect(shadowed.code).toContain("shadow");
  });
});

/** Runs a bundle's script as the sandbox does and returns the entry's exports. */
function load(code: string): Record<string, unknown> {
  return new Function(`${code}; return __hyperagent_module;`)() as Record<string, unknown>;
}

describe("bundleProgram's linking of files compiled one by one", () => {
  it("refuses a named import its file does not export, at the import's line, as a whole-program bundle does", async () => {
    const result = await bundleProgram(
      {
        "a.ts": 'import { helper } from "./b";\n\nexport const solve = () => helper();\n',
        "b.ts": "export const helpers = () => 1;\n",
      },
      "a.ts",
    );
    expect(result).toMatchObject({ ok: false, file: "a.ts", line: 3 });
    if (!result.ok) expect(result.message).toContain('No matching export in "b.ts" for import "helper"');
  });

  it("follows export * chains, and leaves imports from CommonJS and JSON files to run time", async () => {
    const result = await bundleProgram(
      {
        "a.ts": [
          'import { deep, other } from "./b";',
          'import { made } from "./c.cjs";',
          'import { d } from "./d.json";',
          "export const solve = () => [deep, other, made, d];",
        ].join("\n"),
        "b.ts": 'export * from "./deep";\nexport const other = 2;\n',
        "deep.ts": "export const deep = 1;\nexport default 9;\n",
        "c.cjs": "module.exports.made = 3;\n",
        "d.json": '{ "d": 4 }',
      },
      "a.ts",
    );
    if (!result.ok) throw new Error(result.message);
    expect((load(result.code).solve as () => number[])()).toEqual([1, 2, 3, 4]);
    const missing = await bundleProgram(
      {
        "a.ts": 'import { none } from "./b";\nexport const solve = () => none;\n',
        "b.ts": 'export * from "./c";\n',
        "c.ts": "export default 1;\n",
      },
      "a.ts",
    );
    expect(missing).toMatchObject({ ok: false, file: "a.ts", line: 2 });
  });

  it("runs modules once, in import order, with live bindings across an import cycle", async () => {
    const result = await bundleProgram(
      {
        "a.ts": [
          'import { log } from "./log";',
          'import { ping } from "./b";',
          'log.push("a");',
          "export const pong = (n: number): number => (n <= 0 ? 0 : 1 + ping(n - 1));",
          'export const solve = () => [ping(3), log.join(",")];',
        ].join("\n"),
        "b.ts":
          'import { log } from "./log";\nimport { pong } from "./a";\nlog.push("b");\nexport const ping = (n: number): number => (n <= 0 ? 0 : 1 + pong(n - 1));\n',
        "log.ts": "export const log: string[] = [];\n",
      },
      "a.ts",
    );
    if (!result.ok) throw new Error(result.message);
    expect((load(result.code).solve as () => unknown)()).toEqual([3, "b,a"]);
  });

  it("loads a program file named in a dynamic import", async () => {
    const result = await bundleProgram(
      {
        "a.ts": 'export const solve = async () => (await import("./lazy.js")).value * 2;\n',
        "lazy.ts": "export const value = 21;\n",
      },
      "a.ts",
    );
    if (!result.ok) throw new Error(result.message);
    await expect((load(result.code).solve as () => Promise<number>)()).resolves.toBe(42);
  });

  it("is strict code, as ES modules are", async () => {
    const result = await bundleProgram(
      { "a.ts": "export const solve = () => { undeclared = 1; };\n" },
      "a.ts",
    );
    if (!result.ok) throw new Error(result.message);
    expect(() => (load(result.code).solve as () => void)()).toThrow(/undeclared is not defined/);
  });
});
