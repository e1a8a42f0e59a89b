/**
 * Hostile programs. Each test states what must happen. In every case the host survives (this
 * process keeps running the suite), the result names the failure, nothing outside the
 * worktree changes (a snapshot of the temp folder around it is compared after each test), and
 * no unhandled rejection reaches the host.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChatModel } from "../sdk/llm/types.js";
import { createSandbox } from "./create-sandbox.js";
import type { RunRequest, RunResult } from "./types.js";

const sandbox = createSandbox({ timeoutMs: 2_000, memoryMb: 64 });
let base: string;
let worktree: string;
let before: Map<string, string>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** Every path under `dir` except the worktree, with a hash of its content or link target. */
async function snapshot(dir: string, out = new Map<string, string>()): Promise<Map<string, string>> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === worktree) continue;
    const rel = relative(base, path);
    if (entry.isSymbolicLink()) out.set(rel, `link:${await readlink(path)}`);
    else if (entry.isDirectory()) {
      out.set(rel, "dir");
      await snapshot(path, out);
    } else
      out.set(
        rel,
        createHash("sha256")
          .update(await readFile(path))
          .digest("hex"),
      );
  }
  return out;
}

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  base = await mkdtemp(join(tmpdir(), "hyperagents-adversarial-"));
  worktree = join(base, "worktree");
  await mkdir(join(worktree, "tests"), { recursive: true });
  await mkdir(join(base, "outside"));
  await writeFile(join(base, "outside", "secret.txt"), "secret");
  await writeFile(join(base, "sibling.txt"), "sibling");
  await writeFile(join(worktree, "tests", "guard.ts"), "export const guard = true;\n");
  await writeFile(join(worktree, "agent.ts"), "export const agent = 1;\n");
  await symlink(join(base, "outside"), join(worktree, "escape"));
  await symlink(join(base, "outside", "secret.txt"), join(worktree, "secret-link"));
  before = await snapshot(base);
});

afterEach(async () => {
  expect(await snapshot(base)).toEqual(before);
  expect(unhandled).toEqual([]);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await sandbox.dispose();
  await rm(base, { recursive: true, force: true });
});

function run(source: string, extra: Partial<RunRequest> = {}): Promise<RunResult> {
  return sandbox.run({
    files: { "task_agent.ts": source },
    entry: "task_agent.ts",
    export: "solve",
    input: { x: 1 },
    capabilities: { files: { root: worktree, protected: ["tests"] } },
    ...extra,
  });
}

async function expectFailure(result: RunResult, kind: string, message?: RegExp): Promise<void> {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.kind).toBe(kind);
  if (message) expect(result.message).toMatch(message);
}

// A generous wall-clock backstop: on a loaded machine a loop still ends as timeout (CPU time), never as starved.
const fast = { limits: { timeoutMs: 300, wallTimeoutMs: 120_000 } };

describe("runaway programs end as timeout", () => {
  it("a synchronous infinite loop is killed near its limit", async () => {
    const result = await run("export function solve() { for (;;) {} }", fast);
    await expectFailure(result, "timeout", /300 ms/);
    // The limit is CPU time, so what it used is near the limit whatever the machine's load.
    expect(result.stats.cpuMs).toBeGreaterThanOrEqual(300);
    expect(result.stats.cpuMs).toBeLessThan(1_000);
  });

  it("a microtask loop is killed", async () => {
    await expectFailure(await run("export async function solve() { for (;;) await null; }", fast), "timeout");
  });

  it("a promise that never settles ends as timeout", async () => {
    await expectFailure(
      await run("export function solve() { return new Promise(() => {}); }", fast),
      "timeout",
    );
  });

  it("an infinite loop in top-level code is killed", async () => {
    await expectFailure(await run("while (true) {}\nexport function solve() { return 1; }", fast), "timeout");
  });

  it("a busy wait on Date.now is killed", async () => {
    const source =
      "export function solve() { const end = Date.now() + 60_000; while (Date.now() < end) {} return 1; }";
    await expectFailure(await run(source, fast), "timeout");
  });

  it("an Error whose message getter loops ends as timeout, not a hang", async () => {
    const source = `export function solve() {
      const e = new Error("x");
      Object.defineProperty(e, "message", { get() { for (;;) {} } });
      throw e;
    }`;
    await expectFailure(await run(source, fast), "timeout");
  });
});

describe("resource bombs", () => {
  it("a heap bomb ends as memory and the isolate is replaced", async () => {
    const source =
      "export function solve() { const a: number[][] = []; for (;;) a.push(new Array(100_000).fill(1.5)); }";
    await expectFailure(
      await run(source, { limits: { memoryMb: 32, timeoutMs: 10_000 } }),
      "memory",
      /32 MB/,
    );
    expect(await run("export const solve = () => 'alive';")).toMatchObject({ ok: true, value: "alive" });
  });

  it("an ArrayBuffer beyond the cap is refused inside the isolate", async () => {
    const source = "export function solve() { return new ArrayBuffer(2 ** 30).byteLength; }";
    await expectFailure(
      await run(source, { limits: { memoryMb: 32 } }),
      "error",
      /Array buffer allocation failed/,
    );
  });

  it("deep recursion is a RangeError, not a crash", async () => {
    const source = "const f = (n: number): number => f(n + 1) + 1;\nexport function solve() { return f(0); }";
    await expectFailure(await run(source), "error", /Maximum call stack size exceeded/);
  });

  it("a 100 MB string return is invalid-output without copying it out", async () => {
    const source = "export function solve() { return 'x'.repeat(100 * 1024 * 1024); }";
    const result = await run(source, { limits: { memoryMb: 512, timeoutMs: 10_000 } });
    await expectFailure(result, "invalid-output", /maxOutputBytes/);
  });

  it("a deeply nested return value is invalid-output", async () => {
    const source =
      "export function solve() { let a: unknown = []; for (let i = 0; i < 200_000; i++) a = [a]; return a; }";
    await expectFailure(
      await run(source, { limits: { timeoutMs: 10_000 } }),
      "invalid-output",
      /not JSON-serialisable/,
    );
  });

  it("a log flood is capped and the run still succeeds", async () => {
    const source =
      "export function solve(_: unknown, ctx: any) { for (let i = 0; i < 100_000; i++) ctx.log('x'.repeat(100)); return 1; }";
    const result = await run(source, { limits: { timeoutMs: 10_000 } });
    expect(result).toMatchObject({ ok: true, value: 1 });
    expect(result.logs.join("").length).toBeLessThan(70_000);
    expect(result.logs.at(-1)).toMatch(/logs truncated/);
  });
});

describe("bad return values are invalid-output", () => {
  it.each([
    ["a function", "return () => 1;", /function/],
    ["a cyclic object", "const o: any = {}; o.self = o; return o;", /circular/],
    ["undefined", "return;", /undefined/],
    ["NaN", "return { score: NaN };", /NaN/],
    ["a getter that throws", "return { get bad() { throw new Error('no'); } };", /not JSON-serialisable/],
  ])("%s", async (_name, body, message) => {
    await expectFailure(await run(`export function solve() { ${body} }`), "invalid-output", message);
  });
});

describe("thrown non-Error values are errors", () => {
  it.each([
    ["a string", "throw 'plain string';", /\(string\): "plain string"/],
    ["a number", "throw 42;", /\(number\): 42/],
    ["null", "throw null;", /\(null\): null/],
    ["a rejected promise with undefined", "return Promise.reject(undefined);", /\(undefined\)/],
  ])("%s", async (_name, body, message) => {
    await expectFailure(await run(`export function solve() { ${body} }`), "error", message);
  });

  it("an object with a toString bomb is described without calling its code", async () => {
    const source =
      "export function solve() { throw { toString() { for (;;) {} }, valueOf() { for (;;) {} } }; }";
    const result = await run(source, fast);
    await expectFailure(result, "error", /non-Error object/);
  });
});

describe("escapes from the isolate find nothing", () => {
  it("process and require are not there", async () => {
    const source = `export function solve() {
      return [typeof (globalThis as any).process, typeof (globalThis as any).require, typeof (globalThis as any).module];
    }`;
    expect(await run(source)).toMatchObject({ ok: true, value: ["undefined", "undefined", "undefined"] });
    await expectFailure(
      await run("declare const process: any;\nexport function solve() { process.exit(1); }"),
      "error",
      /process is not defined/,
    );
  });

  it("a static require or import of a built-in fails the bundle", async () => {
    const result = await run(
      'declare const require: any;\nexport function solve() { return require("fs"); }',
    );
    await expectFailure(result, "error", /Bundle failed: .*"fs".*ctx/);
  });

  it("dynamic import() with a computed specifier is not supported", async () => {
    const source = "export async function solve() { const m = 'f' + 's'; return await import(m); }";
    await expectFailure(await run(source), "error", /Not supported/);
  });

  it("the Function constructor reached from globalThis stays inside", async () => {
    const source = `export function solve() {
      const F = (globalThis as any).constructor.constructor;
      return [F("return typeof process")(), typeof F("return this")().process, (0, eval)("typeof require")];
    }`;
    expect(await run(source)).toMatchObject({ ok: true, value: ["undefined", "undefined", "undefined"] });
  });

  it("the constructors of capability functions are the isolate's own", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      const probes: unknown[] = [];
      for (const f of [ctx.log, ctx.llm.generate, ctx.files.view]) {
        // ctx.log is a plain function; the others are async functions (AsyncFunction constructor).
        probes.push(await f.constructor("return typeof process")());
        probes.push(Object.getPrototypeOf(f.constructor) === Function || f.constructor === Function);
      }
      return probes;
    }`;
    expect(await run(source)).toMatchObject({
      ok: true,
      value: ["undefined", true, "undefined", true, "undefined", true],
    });
  });

  it("the host callbacks planted for the runtime are gone before the program runs", async () => {
    const source = `export function solve() {
      return Object.getOwnPropertyNames(globalThis).filter((k) => k.startsWith("__hv"));
    }`;
    expect(await run(source)).toMatchObject({ ok: true, value: [] });
  });

  it("Error.prepareStackTrace sees only isolate frames and cannot reach the host", async () => {
    const source = `export function solve(_: unknown, ctx: any) {
      const found: string[] = [];
      (Error as any).prepareStackTrace = (_e: unknown, frames: any[]) => {
        for (const f of frames) {
          const self = f.getThis?.();
          const fn = f.getFunction?.();
          if (self && typeof self.process !== "undefined") found.push("this.process");
          if (fn && typeof fn.constructor("return typeof process")() !== "undefined") found.push("fn.process");
        }
        return "custom";
      };
      const stack = new Error("probe").stack;
      ctx.log(stack);
      throw new Error("after " + found.length);
    }`;
    const result = await run(source);
    await expectFailure(result, "error", /after 0/);
    expect(result.logs).toEqual(["custom"]);
  });

  it("Atomics.wait, SharedArrayBuffer and WebAssembly are removed", async () => {
    const source = `export function solve() {
      const g = globalThis as any;
      return [typeof g.SharedArrayBuffer, typeof g.WebAssembly, typeof Atomics.wait, typeof g.FinalizationRegistry];
    }`;
    expect(await run(source)).toMatchObject({
      ok: true,
      value: ["undefined", "undefined", "undefined", "undefined"],
    });
    const wait = "export function solve() { (Atomics as any).wait(new Int32Array(4), 0, 0); }";
    await expectFailure(await run(wait, fast), "error", /not a function/);
  });

  it("tampering with JSON and prototypes breaks only the program itself", async () => {
    const source = `export function solve() {
      JSON.stringify = () => "forged";
      JSON.parse = () => ({ forged: true });
      (Object.prototype as any).toJSON = function () { return "poison"; };
      return { honest: 1 };
    }`;
    // The runtime captured JSON before the program ran; toJSON on the prototype is the program's own choice.
    const result = await run(source);
    expect(result).toMatchObject({ ok: true, value: "poison" });
  });
});

describe("prototype pollution stays in its run", () => {
  it("does not reach the host or the next run", async () => {
    const polluter = `export function solve(input: any) {
      (Object.prototype as any).polluted = "yes";
      (Array.prototype as any).polluted = "yes";
      input.__proto__.viaInput = "yes";
      return JSON.parse('{"__proto__": {"polluted": "from-output"}, "ok": true}');
    }`;
    const first = await run(polluter);
    expect(first.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).viaInput).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    if (first.ok) expect(Object.getPrototypeOf(first.value)).toBe(Object.prototype);
    for (let i = 0; i < 5; i++) {
      const next = await run(
        "export function solve(input: any) { return [({} as any).polluted, input.viaInput ?? null, ([] as any).polluted]; }",
      );
      expect(next).toMatchObject({ ok: true, value: [null, null, null] });
    }
  });
});

describe("ctx.files stays inside the worktree", () => {
  it.each([
    ["a .. traversal", 'create("../sibling.txt", "pwned")'],
    ["a nested .. traversal", 'create("tests/../../outside/secret.txt", "pwned")'],
    ["an absolute path", `create(${JSON.stringify(join(tmpdir(), "hyperagents-pwned.txt"))}, "pwned")`],
    ["a directory symlink escape", 'create("escape/new.txt", "pwned")'],
    ["a file symlink escape", 'strReplace("secret-link", "secret", "pwned")'],
    ["a read through a symlink", 'view("escape/secret.txt")'],
    ["a protected file", 'strReplace("tests/guard.ts", "true", "false")'],
    ["a new file in a protected folder", 'create("tests/new.ts", "x")'],
  ])("%s is refused with an Error result", async (_name, call) => {
    const result = await run(
      `export async function solve(_: unknown, ctx: any) { return ctx.files.${call}; }`,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatch(/^Error: /);
    expect(result.value).not.toContain("secret\n");
    expect(await readFile(join(worktree, "tests", "guard.ts"), "utf8")).toBe("export const guard = true;\n");
  });

  it("bad argument types come back as Error results", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      return [await ctx.files.view(42), await ctx.files.create("a.txt", { no: 1 }), await ctx.files.insert("agent.ts", -5, "x")];
    }`;
    const result = await run(source);
    expect(result.ok).toBe(true);
    if (result.ok) for (const value of result.value as string[]) expect(value).toMatch(/^Error: /);
  });
});

describe("capability limits", () => {
  it("exceeding maxToolCalls ends the run as limit", async () => {
    const source = "export async function solve(_: unknown, ctx: any) { for (;;) await ctx.files.list(); }";
    const result = await run(source, { limits: { maxToolCalls: 5 } });
    await expectFailure(result, "limit", /maxToolCalls \(5/);
    expect(result.stats.toolCalls).toBe(6);
  });

  it("a capability call scheduled to happen after the run ended never reaches the host", async () => {
    let calls = 0;
    const model: ChatModel = {
      id: "test:slow",
      generate: (request) =>
        new Promise((resolve, reject) => {
          calls++;
          const timer = setTimeout(
            () =>
              resolve({
                text: "late",
                toolCalls: [],
                usage: { inputTokens: 0, outputTokens: 0 },
                costUsd: 0,
                model: "m",
                finishReason: "stop",
              }),
            100,
          );
          request.signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(new Error("aborted"));
          });
        }),
    };
    const source = `export function solve(_: unknown, ctx: any) {
      Promise.reject(new Error("ignored")).catch(() =>
        ctx.llm.generate({ messages: [] }).finally(() => ctx.files.create("late.txt", "written after the end")),
      );
      return "returned";
    }`;
    const result = await run(source, { capabilities: { llm: model, files: { root: worktree } } });
    expect(result).toMatchObject({ ok: true, value: "returned" });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(calls).toBe(1);
    await expect(readFile(join(worktree, "late.txt"))).rejects.toThrow();
  });
});

describe("load", () => {
  it("200 runs at once all finish with their own answers", async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        run(
          i % 10 === 0
            ? "export function solve() { for (;;) {} }"
            : "export function solve(input: { i: number }) { return input.i * 2; }",
          { input: { i }, limits: { timeoutMs: 200, wallTimeoutMs: 120_000 } },
        ),
      ),
    );
    results.forEach((result, i) => {
      if (i % 10 === 0) expect(result).toMatchObject({ ok: false, kind: "timeout" });
      else expect(result).toMatchObject({ ok: true, value: i * 2 });
    });
  });

  it("1,000 small runs leave host memory where it was", async () => {
    const hostile = [
      "export function solve() { throw new Error('x'); }",
      "export function solve() { return () => 1; }",
      "export function solve(i: any) { (Object.prototype as any).p = i; return 'x'.repeat(1000); }",
    ];
    const pick = (i: number) =>
      i % 4 === 3
        ? hostile[i % hostile.length]!
        : "export function solve(i: { n: number }) { return { n: i.n, s: 'ok' }; }";
    const batch = async (from: number, to: number) => {
      for (let i = from; i < to; i += 4) {
        await Promise.all([0, 1, 2, 3].map((k) => run(pick(i + k), { input: { n: i + k } })));
      }
    };
    await batch(0, 200);
    global.gc?.();
    const start = process.memoryUsage();
    await batch(200, 1_200);
    global.gc?.();
    const end = process.memoryUsage();
    expect((end.rss - start.rss) / 1024 / 1024).toBeLessThan(50);
    expect((end.heapUsed - start.heapUsed) / 1024 / 1024).toBeLessThan(50);
  });
});
