/**
 * Hostile programs that used to stop or kill the host (issue 9): hangs after a timeout, a
 * compile gate that never returned, unhandled rejections past maxToolCalls, oversized capability
 * arguments, unencodable ctx.data, unbounded stacks, and verdicts that depended on machine load.
 * In every case the host returns a typed result and no unhandled rejection reaches it.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { scriptedModel } from "../sdk/testing/scripted-model.js";
import { checkProgram, HYPERAGENT_CONTRACT } from "./check-program.js";
import { createSandbox } from "./create-sandbox.js";
import type { RunRequest, RunResult } from "./types.js";

const sandbox = createSandbox({ timeoutMs: 2_000, memoryMb: 64 });
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let worktree: string;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  worktree = await mkdtemp(join(tmpdir(), "hyperagents-host-survival-"));
  await mkdir(join(worktree, "src"));
  await writeFile(join(worktree, "src", "a.ts"), "export const a = 1;\n");
  // As in a real worktree: .git is a file naming the host's repository by absolute path.
  await writeFile(join(worktree, ".git"), `gitdir: ${join(worktree, "..", "program.git")}\n`);
});

afterEach(() => {
  expect(unhandled).toEqual([]);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await sandbox.dispose();
  await rm(worktree, { recursive: true, force: true });
});

function run(source: string, extra: Partial<RunRequest> = {}): Promise<RunResult> {
  return sandbox.run({
    files: { "task_agent.ts": source },
    entry: "task_agent.ts",
    export: "solve",
    input: null,
    capabilities: { files: { root: worktree } },
    ...extra,
  });
}

// A generous wall-clock backstop: on a loaded machine a loop still ends as timeout (CPU time), never as starved.
const fast = { limits: { timeoutMs: 300, wallTimeoutMs: 120_000 } };
const alive = async () =>
  expect(await run("export const solve = () => 'alive';")).toMatchObject({ ok: true, value: "alive" });

describe("the host never waits on an isolate that may be running", () => {
  it("a loop after an awaited capability call ends as timeout", async () => {
    const source =
      "export async function solve(_: unknown, ctx: any) { await ctx.files.list(); for (;;) {} }";
    expect(await run(source, fast)).toMatchObject({ ok: false, kind: "timeout" });
    await alive();
  });

  it("a long computation after a caught ctx.llm failure ends as timeout", async () => {
    const model = scriptedModel([new Error("provider down")]);
    const source = `export async function solve(_: unknown, ctx: any) {
      try { await ctx.llm.generate({ messages: [{ role: "user", content: "hi" }] }); } catch {}
      let x = 0; for (;;) x++;
    }`;
    const result = await run(source, { ...fast, capabilities: { llm: model } });
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
    await alive();
  });

  it.each([
    ["message", "async"],
    ["name", "async"],
    ["message", "top-level"],
    ["name", "top-level"],
  ])("a thrown Error whose %s getter loops (%s) ends as timeout", async (getter, where) => {
    const bomb = `const e = new Error("x"); Object.defineProperty(e, "${getter}", { get() { for (;;) {} } });`;
    const source =
      where === "async"
        ? `export async function solve(_: unknown, ctx: any) { await ctx.files.list(); ${bomb} throw e; }`
        : `${bomb}\nif (Date.now() > 0) throw e;\nexport function solve() { return 1; }`;
    expect(await run(source, fast)).toMatchObject({ ok: false, kind: "timeout" });
    await alive();
  });

  it("an Object.prototype.toJSON that loops is not called by the runtime's envelope", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      await ctx.files.list();
      Object.defineProperty(Object.prototype, "toJSON", { value() { for (;;) {} } });
      throw new Error("plain");
    }`;
    expect(await run(source, fast)).toMatchObject({ ok: false, kind: "error", message: "Error: plain" });
  });

  it("a returned value whose toJSON loops ends as timeout", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      await ctx.files.list();
      return { toJSON() { for (;;) {} } };
    }`;
    expect(await run(source, fast)).toMatchObject({ ok: false, kind: "timeout" });
  });

  it("work the program leaves running after its result is never waited for, and its isolate is not reused", async () => {
    const source = `export function solve() {
      return { toJSON() { Promise.resolve().then(() => { for (;;) {} }); return "done"; } };
    }`;
    const result = await run(source, fast);
    // Either the result got out before the loop started, or the loop ran first and timed out.
    if (result.ok) expect(result.value).toBe("done");
    else expect(result.kind).toBe("timeout");
    for (let i = 0; i < 3; i++) await alive();
  });
});

describe("the worktree's .git through ctx.files", () => {
  it("is not listed, read or written in any spelling, and no host path reaches the program", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      return [
        await ctx.files.list(),
        await ctx.files.view(".git"),
        await ctx.files.view(".GIT"),
        await ctx.files.create(".git", "gitdir: /elsewhere"),
        await ctx.files.create(".Git./config", "x"),
        await ctx.files.strReplace("git~1", "gitdir", "x"),
      ];
    }`;
    const result = await run(source);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [listing, ...refused] = result.value as string[];
    expect(listing).not.toMatch(/\.git/i);
    for (const answer of refused) expect(answer).toMatch(/^Error: .*\.git/);
    expect(JSON.stringify(result.value)).not.toContain(worktree);
    expect(await readFile(join(worktree, ".git"), "utf8")).toMatch(/^gitdir: /);
  });
});

describe("the compile gate always returns", () => {
  it.each([["message"], ["name"]])("for a top-level throw whose %s getter loops", async (getter) => {
    const files = {
      "task_agent.ts": `const e = new Error("x");\nObject.defineProperty(e, "${getter}", { get() { for (;;) {} } });\nif (Date.now() > 0) throw e;\nexport function solve() {}`,
      "meta_agent.ts": "export function improve() {}",
    };
    const verdict = await checkProgram(files, HYPERAGENT_CONTRACT, { timeoutMs: 500 });
    expect(verdict).toMatchObject({ ok: false, stage: "instantiate", file: "task_agent.ts" });
    if (!verdict.ok) expect(verdict.message).toMatch(/did not finish within \d+ ms/);
  });

  it("bounds the message of a huge top-level throw", async () => {
    const files = {
      "task_agent.ts": 'throw new Error("x".repeat(5_000_000));\nexport function solve() {}',
      "meta_agent.ts": "export function improve() {}",
    };
    const verdict = await checkProgram(files, HYPERAGENT_CONTRACT);
    expect(verdict).toMatchObject({ ok: false, stage: "instantiate", file: "task_agent.ts", line: 1 });
    if (!verdict.ok) expect(verdict.message.length).toBeLessThan(45_000);
  });
});

describe("capability calls past maxToolCalls", () => {
  it("an agentic loop of 51 ctx.llm calls under a cap of 50 ends as limit, with no unhandled rejection", async () => {
    const model = scriptedModel(Array.from({ length: 60 }, (_, i) => ({ text: `reply ${i}` })));
    const source = `export async function solve(_: unknown, ctx: any) {
      let answered = 0;
      for (let i = 0; i < 51; i++) {
        try { await ctx.llm.generate({ messages: [{ role: "user", content: "step " + i }] }); answered++; }
        catch (error) { ctx.log("caught " + (error as Error).message); }
      }
      return answered;
    }`;
    const result = await run(source, { capabilities: { llm: model }, limits: { maxToolCalls: 50 } });
    expect(result).toMatchObject({
      ok: false,
      kind: "limit",
      message: expect.stringMatching(/maxToolCalls \(50/),
    });
    expect(model.requests).toHaveLength(50);
    // Rejections surface a turn or two later: give them time to show.
    await new Promise((resolve) => setTimeout(resolve, 300));
  });

  it("a failing model call reaches the program as a thrown Error it can catch", async () => {
    const model = scriptedModel([new Error("rate limited"), { text: "second" }]);
    const source = `export async function solve(_: unknown, ctx: any) {
      let first = "";
      try { await ctx.llm.generate({ messages: [] }); } catch (error) { first = (error as Error).message; }
      const second = await ctx.llm.generate({ messages: [] });
      return [first, second.text];
    }`;
    expect(await run(source, { capabilities: { llm: model } })).toMatchObject({
      ok: true,
      value: ["ctx.llm.generate failed: rate limited", "second"],
    });
  });
});

describe("oversized capability arguments are refused before they cross", () => {
  it("a ctx.files call over maxArgumentChars is an Error result and writes nothing", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      return ctx.files.create("big.txt", "x".repeat(5_000));
    }`;
    const result = await run(source, { limits: { maxArgumentChars: 1_000 } });
    expect(result).toMatchObject({
      ok: true,
      value: expect.stringMatching(/^Error: .*maxArgumentChars \(1000\)/),
    });
    expect(await readdir(worktree)).not.toContain("big.txt");
  });

  it("a ctx.llm request over maxArgumentChars throws in the program and never reaches the model", async () => {
    const model = scriptedModel([{ text: "never" }]);
    const source = `export async function solve(_: unknown, ctx: any) {
      try { await ctx.llm.generate({ messages: [{ role: "user", content: "x".repeat(5_000) }] }); return "sent"; }
      catch (error) { return (error as Error).message; }
    }`;
    const result = await run(source, { capabilities: { llm: model }, limits: { maxArgumentChars: 1_000 } });
    expect(result).toMatchObject({ ok: true, value: expect.stringMatching(/maxArgumentChars \(1000\)/) });
    expect(model.requests).toHaveLength(0);
  });

  it("40 concurrent 6 MB ctx.files.create calls are all refused by default", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      const big = "x".repeat(6 * 1024 * 1024);
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => ctx.files.create("f" + i + ".txt", big)));
      return results.filter((r: string) => r.startsWith("Error: ") && r.includes("maxArgumentChars")).length;
    }`;
    const result = await run(source, { limits: { memoryMb: 256, timeoutMs: 20_000 } });
    expect(result).toMatchObject({ ok: true, value: 40 });
  });

  it("bytes written through ctx.files are capped per run by maxWriteBytes", async () => {
    const source = `export async function solve(_: unknown, ctx: any) {
      const out: string[] = [];
      for (let i = 0; i < 3; i++) out.push(await ctx.files.create("budget" + i + ".txt", "x".repeat(400)));
      return out;
    }`;
    const result = await run(source, { limits: { maxWriteBytes: 1_000 } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [a, b, c] = result.value as string[];
    expect([a, b]).toEqual([expect.stringMatching(/^Created/), expect.stringMatching(/^Created/)]);
    expect(c).toMatch(/^Error: .*write budget of 1000 bytes/);
  });
});

describe("ctx.data that cannot go in fails that run only", () => {
  it.each([
    ["a bigint", { n: 1n }],
    [
      "a cycle",
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      })(),
    ],
  ])("%s is a data failure, not an exception", async (_name, data) => {
    const result = await run("export const solve = () => 1;", { capabilities: { data } });
    expect(result).toMatchObject({ ok: false, kind: "data", message: expect.stringMatching(/ctx\.data/) });
  });

  it("data too large for the isolate is a data failure", async () => {
    const result = await run("export const solve = () => 1;", {
      capabilities: { data: { junk: "x".repeat(6 * 1024 * 1024) } },
      limits: { memoryMb: 16 },
    });
    expect(result).toMatchObject({ ok: false, kind: "data", message: expect.stringMatching(/memoryMb 16/) });
    await alive();
  });

  it("input the caller got wrong is still the caller's error", async () => {
    await expect(run("export const solve = () => 1;", { input: { n: 1n } })).rejects.toThrow(/input/);
  });
});

describe("errors leave the isolate bounded", () => {
  it("a 5 M character stack is cut inside the isolate", async () => {
    const source = `export function solve() {
      const e = new Error("m".repeat(5_000_000));
      e.stack = "s".repeat(5_000_000);
      throw e;
    }`;
    const result = await run(source, { limits: { memoryMb: 128 } });
    expect(result).toMatchObject({ ok: false, kind: "error" });
    if (result.ok) return;
    expect(result.message.length).toBeLessThanOrEqual(20_001);
    expect((result.stack ?? "").length).toBeLessThan(25_000);
  });

  it("a huge top-level throw is cut too", async () => {
    const source = 'throw new Error("m".repeat(5_000_000));\nexport function solve() {}';
    const result = await run(source);
    expect(result).toMatchObject({ ok: false, kind: "error" });
    if (result.ok) return;
    expect(result.message.length).toBeLessThanOrEqual(20_001);
    expect((result.stack ?? "").length).toBeLessThan(25_000);
    // The frames survive the cut: the stack still names the program's file and line.
    expect(result.stack).toMatch(/task_agent\.ts:1/);
  });
});

describe("verdicts do not depend on machine load", () => {
  it("the time limit is CPU time: a loop uses its limit in CPU whatever the wall-clock time", async () => {
    const result = await run("export function solve() { for (;;) {} }", {
      limits: { timeoutMs: 400, wallTimeoutMs: 120_000 },
    });
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
    expect(result.stats.cpuMs).toBeGreaterThanOrEqual(400);
  });

  it("a run still computing at the wall-clock backstop with CPU to spare is starved, not timed out", async () => {
    // More busy loops than cores: none can get its 2 s of CPU within 2 s of wall-clock time.
    const loops = availableParallelism() * 4;
    const crowd = createSandbox({ timeoutMs: 2_000, wallTimeoutMs: 2_000 }, { concurrency: loops });
    try {
      const results = await Promise.all(
        Array.from({ length: loops }, () =>
          crowd.run({
            files: { "a.ts": "export function solve() { for (;;) {} }" },
            entry: "a.ts",
            export: "solve",
            input: null,
          }),
        ),
      );
      for (const result of results) {
        expect(result).toMatchObject({
          ok: false,
          kind: "starved",
          message: expect.stringMatching(/not the program's failure/),
        });
        expect(result.stats.cpuMs).toBeLessThan(2_000);
      }
    } finally {
      await crowd.dispose();
    }
  });

  it("a promise that never settles is the program's timeout, not starvation", async () => {
    const result = await run("export function solve() { return new Promise(() => {}); }", fast);
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
  });

  it("a heap bomb is memory", async () => {
    const source =
      "export function solve() { const a: number[][] = []; for (;;) a.push(new Array(100_000).fill(1.5)); }";
    expect(
      await run(source, { limits: { memoryMb: 32, timeoutMs: 10_000, wallTimeoutMs: 120_000 } }),
    ).toMatchObject({
      ok: false,
      kind: "memory",
    });
  });
});
