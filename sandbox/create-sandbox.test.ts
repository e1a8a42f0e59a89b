import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ChatModel, ChatRequest, ChatResponse } from "../sdk/llm/types.js";
import { createSandbox } from "./create-sandbox.js";
import type { RunRequest } from "./types.js";

const sandbox = createSandbox({ timeoutMs: 2_000, memoryMb: 64 });
afterAll(() => sandbox.dispose());

function run(source: string, extra: Partial<RunRequest> = {}) {
  return sandbox.run({
    files: { "task_agent.ts": source },
    entry: "task_agent.ts",
    export: "solve",
    input: null,
    ...extra,
  });
}

/** A ChatModel that answers from a function and records what it was asked. */
function recordingModel(answer: (request: ChatRequest) => Promise<string> | string) {
  const requests: ChatRequest[] = [];
  const model: ChatModel = {
    id: "test:recording",
    async generate(request) {
      requests.push(request);
      const text = await answer(request);
      const response: ChatResponse = {
        text,
        toolCalls: [],
        usage: { inputTokens: 1, outputTokens: 1 },
        costUsd: 0,
        model: "recording",
        finishReason: "stop",
      };
      return response;
    },
  };
  return { model, requests };
}

describe("createSandbox().run", () => {
  it("calls the export with input and ctx, and returns its JSON value with logs and stats", async () => {
    const result = await run(
      `export async function solve(input: { n: number }, ctx: { log(...a: unknown[]): void }) {
        ctx.log("n is", input.n, { deep: [1] });
        console.log("from console");
        return { doubled: input.n * 2, when: typeof Date.now() };
      }`,
      { input: { n: 21 } },
    );
    expect(result).toMatchObject({
      ok: true,
      value: { doubled: 42, when: "number" },
      logs: ['n is 21 {"deep":[1]}', "from console"],
    });
    expect(result.stats.wallMs).toBeGreaterThan(0);
    expect(result.stats.heapMb).toBeGreaterThan(0);
  });

  it("maps a thrown error's stack back to the program's file and line", async () => {
    const result = await sandbox.run({
      files: {
        "task_agent.ts":
          'import { check } from "./util.js";\nexport function solve() {\n  return check(-1);\n}\n',
        "util.ts": [
          "export function check(n: number): number {",
          "  if (n < 0) {",
          '    throw new RangeError("negative: " + n);',
          "  }",
          "  return n;",
          "}",
        ].join("\n"),
      },
      entry: "task_agent.ts",
      export: "solve",
      input: null,
    });
    expect(result).toMatchObject({ ok: false, kind: "error", message: "RangeError: negative: -1" });
    if (result.ok) return;
    expect(result.stack).toContain("at check (util.ts:3:11)");
    expect(result.stack).toContain("at solve (task_agent.ts:3:10)");
    expect(result.stack).not.toContain("hyperagent-program.js");
  });

  it("reports a bundle failure as an error that names the file", async () => {
    const result = await run('import fs from "fs";\nexport const solve = () => fs;');
    expect(result).toMatchObject({ ok: false, kind: "error" });
    if (result.ok) return;
    expect(result.message).toMatch(/^Bundle failed: task_agent.ts:1:.*through the `ctx` argument/);
  });

  it("copies ctx.data in, deeply frozen, and leaves the host's object alone", async () => {
    const data = { examples: [{ q: "a" }], meta: { split: "train" } };
    const result = await run(
      `export function solve(_: unknown, ctx: { data: any }) {
        let threw = false;
        try { ctx.data.examples[0].q = "changed"; } catch { threw = true; }
        return { threw, frozen: Object.isFrozen(ctx.data.meta), q: ctx.data.examples[0].q };
      }`,
      { capabilities: { data } },
    );
    expect(result).toMatchObject({ ok: true, value: { threw: true, frozen: true, q: "a" } });
    expect(data.examples[0]!.q).toBe("a");
  });

  it("seeds Math.random per run", async () => {
    const source = "export function solve() { return [Math.random(), Math.random()]; }";
    const a = await run(source, { seed: 7 });
    const b = await run(source, { seed: 7 });
    const c = await run(source, { seed: 8 });
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.value).toEqual(b.value);
    expect(a.value).not.toEqual(c.value);
  });

  it("forwards ctx.llm.generate to the host model with the host's abort signal, JSON only", async () => {
    const { model, requests } = recordingModel((request) => `echo: ${JSON.stringify(request.messages)}`);
    const result = await run(
      `export async function solve(_: unknown, ctx: any) {
        const reply = await ctx.llm.generate({ messages: [{ role: "user", content: "hi" }], signal: "mine", maxTokens: 5 });
        return { text: reply.text, tokens: reply.usage.outputTokens };
      }`,
      { capabilities: { llm: model } },
    );
    expect(result).toMatchObject({
      ok: true,
      value: { text: 'echo: [{"role":"user","content":"hi"}]', tokens: 1 },
    });
    expect(result.stats.toolCalls).toBe(1);
    expect(requests[0]?.maxTokens).toBe(5);
    expect(requests[0]?.signal).toBeInstanceOf(AbortSignal);
    // The run is over, so the host aborted its signal.
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it("aborts an in-flight model call when the run times out", async () => {
    let seen: AbortSignal | undefined;
    const { model } = recordingModel(
      (request) =>
        new Promise<string>((_, reject) => {
          seen = request.signal;
          request.signal?.addEventListener("abort", () => reject(new Error("aborted")));
        }),
    );
    const result = await run(
      `export async function solve(_: unknown, ctx: any) {
        return ctx.llm.generate({ messages: [{ role: "user", content: "wait" }] });
      }`,
      { capabilities: { llm: model }, limits: { timeoutMs: 200 } },
    );
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
    expect(seen?.aborted).toBe(true);
  });

  it("lets a program catch a failing model call", async () => {
    const { model } = recordingModel(() => {
      throw new Error("rate limited");
    });
    const result = await run(
      `export async function solve(_: unknown, ctx: any) {
        try { await ctx.llm.generate({ messages: [] }); return "no"; } catch (e) { return (e as Error).message; }
      }`,
      { capabilities: { llm: model } },
    );
    expect(result).toMatchObject({ ok: true, value: "ctx.llm.generate failed: rate limited" });
  });

  it("says so when a capability was not given", async () => {
    const result = await run(
      `export async function solve(_: unknown, ctx: any) {
        let llm = "";
        try { await ctx.llm.generate({ messages: [] }); } catch (e) { llm = (e as Error).message; }
        return { llm, files: await ctx.files.list() };
      }`,
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        llm: expect.stringContaining("ctx.llm is not available"),
        files: expect.stringMatching(/^Error: ctx.files/),
      },
    });
  });

  it("edits the worktree through ctx.files and returns tool failures as Error strings", async () => {
    const root = await mkdtemp(join(tmpdir(), "hyperagents-sbx-files-"));
    try {
      await mkdir(join(root, "src"));
      await writeFile(join(root, "src", "a.ts"), "const x = 1;\n");
      const result = await run(
        `export async function solve(_: unknown, ctx: any) {
          const out: string[] = [];
          out.push(await ctx.files.strReplace("src/a.ts", "x = 1", "x = 2"));
          out.push(await ctx.files.create("notes.md", "# notes"));
          out.push(await ctx.files.view("src/a.ts"));
          out.push(await ctx.files.view("missing.ts"));
          out.push(await ctx.files.list());
          return out;
        }`,
        { capabilities: { files: { root } } },
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const [replaced, created, viewed, missing, listed] = result.value as string[];
      expect(replaced).toMatch(/^Replaced 1 occurrence/);
      expect(created).toMatch(/^Created notes.md/);
      expect(viewed).toBe("     1\tconst x = 2;\n     2\t");
      expect(missing).toBe("Error: missing.ts does not exist");
      expect(listed).toBe("notes.md\nsrc/\nsrc/a.ts");
      expect(result.stats.toolCalls).toBe(5);
      expect(await readFile(join(root, "notes.md"), "utf8")).toBe("# notes");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it.each([
    ["undefined", "return undefined;", /returned undefined/],
    ["NaN", "return NaN;", /NaN/],
    ["nested Infinity", "return { a: [1, Infinity] };", /Infinity/],
    ["a nested function", "return { f() {} };", /property "f" is a function/],
    ["a bigint", "return 1n;", /bigint/],
    ["a symbol", "return Symbol('s');", /symbol/],
  ])("rejects %s as invalid-output", async (_name, body, message) => {
    const result = await run(`export function solve() { ${body} }`);
    expect(result).toMatchObject({ ok: false, kind: "invalid-output" });
    if (result.ok) return;
    expect(result.message).toMatch(message);
  });

  it("keeps undefined object properties out of the JSON, like JSON.stringify", async () => {
    const result = await run("export function solve() { return { a: 1, b: undefined, c: [undefined] }; }");
    expect(result).toMatchObject({ ok: true, value: { a: 1, c: [null] } });
  });

  it("enforces maxOutputBytes", async () => {
    const result = await run("export function solve() { return 'é'.repeat(600); }", {
      limits: { maxOutputBytes: 1000 },
    });
    expect(result).toMatchObject({ ok: false, kind: "invalid-output" });
    const fits = await run("export function solve() { return 'e'.repeat(600); }", {
      limits: { maxOutputBytes: 1000 },
    });
    expect(fits).toMatchObject({ ok: true });
  });

  it.each([
    ["a missing export", "export function other() {}", /"solve" is missing/],
    [
      "a non-function export",
      "export const solve = { not: 'a function' };",
      /"solve" is a object, not a function/,
    ],
  ])("reports %s as invalid-export", async (_name, source, message) => {
    const result = await run(source);
    expect(result).toMatchObject({ ok: false, kind: "invalid-export" });
    if (result.ok) return;
    expect(result.message).toMatch(message);
  });

  it("gives every run a fresh global scope, also when isolates are reused", async () => {
    await run("(globalThis as any).leftover = 1; export function solve() { return 1; }");
    const result = await run("export function solve() { return typeof (globalThis as any).leftover; }");
    expect(result).toMatchObject({ ok: true, value: "undefined" });
  });

  it("rejects bad limits and inputs as the caller's mistake", async () => {
    expect(() => createSandbox({ timeoutMs: -1 })).toThrow(/timeoutMs must be a positive number/);
    await expect(run("export const solve = () => 1;", { limits: { memoryMb: 2 } })).rejects.toThrow(
      /at least 8/,
    );
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    await expect(run("export const solve = () => 1;", { input: cyclic })).rejects.toThrow(
      /input must be JSON/,
    );
  });

  it("ends runs in flight when the sandbox is disposed", async () => {
    const other = createSandbox({ timeoutMs: 10_000 });
    const pending = other.run({
      files: { "a.ts": "export function solve() { for (;;) {} }" },
      entry: "a.ts",
      export: "solve",
      input: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.dispose();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, kind: "error", message: expect.stringMatching(/disposed/) });
    expect(result.stats.wallMs).toBeLessThan(5_000);
  });

  it("refuses runs after dispose", async () => {
    const other = createSandbox();
    await other.dispose();
    await expect(
      other.run({ files: { "a.ts": "" }, entry: "a.ts", export: "solve", input: null }),
    ).rejects.toThrow(/disposed/);
  });
});
