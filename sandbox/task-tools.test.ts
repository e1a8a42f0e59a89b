/**
 * Task tools in a real sandbox run: host functions a task hands its agent as `ctx.tools.NAME`,
 * JSON in and out, counted against maxToolCalls, a tool's throw reaching the program as an
 * Error, and a slow tool aborted through its signal when the run ends, with nothing left for
 * the host to leave unhandled. Then an evaluation where only an agent that uses the tool scores 1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evaluateInstances } from "../evals/evaluate-instances.js";
import { programSamples } from "../evals/program-samples.js";
import { createLimiter } from "../sdk/internal/limiter.js";
import { createOfflineModel } from "../sdk/llm/offline.js";
import { TOY_TOOL_AGENT, toyTask } from "../sdk/testing/toy-task.js";
import { createSandbox } from "./create-sandbox.js";
import type { JsonValue } from "./ctx-contract.js";
import type { RunResult, TaskTool } from "./types.js";

const sandbox = createSandbox({ timeoutMs: 5_000, memoryMb: 64 });
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await sandbox.dispose();
});

function run(
  source: string,
  tools: Record<string, TaskTool>,
  limits: { timeoutMs?: number; maxToolCalls?: number; maxArgumentChars?: number } = {},
): Promise<RunResult> {
  return sandbox.run({
    files: { "main.ts": source },
    entry: "main.ts",
    export: "main",
    input: null,
    capabilities: { tools },
    limits,
  });
}

const echo: TaskTool = {
  description: "Returns its arguments, wrapped.",
  parameters: { type: "object" },
  async run(args) {
    return { got: args };
  },
};

describe("task tools", () => {
  it("round-trips JSON and lists the tools with their descriptions and schemas", async () => {
    const result = await run(
      `export async function main(_: unknown, ctx: any) {
        const listed = Object.keys(ctx.tools).map((name) => ({
          name, description: ctx.tools[name].description, parameters: ctx.tools[name].parameters,
        }));
        const reply = await ctx.tools.echo({ a: [1, "two", null, { b: true }] });
        const none = await ctx.tools.echo();
        return { listed, reply, none, version: ctx.version };
      }`,
      { echo },
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        listed: [
          { name: "echo", description: "Returns its arguments, wrapped.", parameters: { type: "object" } },
        ],
        reply: { got: { a: [1, "two", null, { b: true }] } },
        none: { got: null },
        version: 1,
      },
    });
  }, 60_000);

  it("gives a run without tools an empty, frozen ctx.tools", async () => {
    const result = await run(
      `export async function main(_: unknown, ctx: any) {
        const names = Object.keys(ctx.tools);
        let message = "";
        try { await ctx.tools.missing?.({}); } catch (e) { message = String(e); }
        return { names, message, frozen: Object.isFrozen(ctx.tools) };
      }`,
      {},
    );
    expect(result).toMatchObject({ ok: true, value: { names: [], message: "", frozen: true } });
  }, 60_000);

  it("counts each call against maxToolCalls", async () => {
    const result = await run(
      `export async function main(_: unknown, ctx: any) {
        for (let i = 0; i < 5; i++) await ctx.tools.echo(i);
        return "done";
      }`,
      { echo },
      { maxToolCalls: 3 },
    );
    expect(result).toMatchObject({ ok: false, kind: "limit" });
    expect(result.stats.toolCalls).toBe(4);
  }, 60_000);

  it("turns a tool's throw into an Error with the tool's message in the program", async () => {
    const broken: TaskTool = {
      description: "Always fails.",
      async run() {
        throw new Error("the solution did not compile");
      },
    };
    const result = await run(
      `export async function main(_: unknown, ctx: any) {
        try { await ctx.tools.broken({}); return "no throw"; }
        catch (e) { return { isError: e instanceof Error, message: e.message }; }
      }`,
      { broken },
    );
    expect(result).toMatchObject({
      ok: true,
      value: { isError: true, message: "ctx.tools.broken failed: the solution did not compile" },
    });
  }, 60_000);

  it("checks the argument size inside the isolate before the tool runs", async () => {
    let called = false;
    const spy: TaskTool = {
      description: "Records that it ran.",
      async run() {
        called = true;
        return null;
      },
    };
    const result = await run(
      `export async function main(_: unknown, ctx: any) {
        try { await ctx.tools.spy("x".repeat(5000)); return "no throw"; } catch (e) { return e.message; }
      }`,
      { spy },
      { maxArgumentChars: 1000 },
    );
    expect(result.ok).toBe(true);
    expect(result.ok && String(result.value)).toMatch(
      /ctx\.tools\.spy: the arguments is 5002 characters of JSON, more than maxArgumentChars \(1000\)/,
    );
    expect(called).toBe(false);
  }, 60_000);

  it("aborts a slow tool through its signal when the run times out, with no unhandled rejection", async () => {
    let aborted: () => void = () => {};
    const sawAbort = new Promise<void>((resolve) => {
      aborted = resolve;
    });
    const slow: TaskTool = {
      description: "Never answers unless aborted.",
      run(_args: JsonValue, signal: AbortSignal) {
        return new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => {
            aborted();
            reject(new Error("aborted"));
          });
        });
      },
    };
    const result = await run(
      `export async function main(_: unknown, ctx: any) {
        await ctx.tools.slow({});
        return "answered";
      }`,
      { slow },
      { timeoutMs: 500 },
    );
    expect(result).toMatchObject({ ok: false, kind: "timeout" });
    await sawAbort;
    // Give a late rejection every chance to surface before afterEach checks.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }, 60_000);

  it("ends a call whose tool ignores its signal when the run ends", async () => {
    const deaf: TaskTool = {
      description: "Ignores its signal and rejects late.",
      run() {
        return new Promise((_resolve, reject) => setTimeout(() => reject(new Error("late")), 1_500));
      },
    };
    const result = await run(
      `export async function main(_: unknown, ctx: any) {
        ctx.tools.deaf({});
        return "returned first";
      }`,
      { deaf },
    );
    expect(result).toMatchObject({ ok: true, value: "returned first" });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }, 60_000);

  it("refuses a tool without a run function as the task author's mistake", async () => {
    await expect(
      run("export function main() { return 1; }", { bad: { description: "x" } as unknown as TaskTool }),
    ).rejects.toThrow(/needs a description \(string\) and a run\(args, signal\) function/);
  });
});

describe("a task with a tool, evaluated", () => {
  it("scores 1 for an agent that uses the tool and less for one that cannot", async () => {
    const task = toyTask({ withTool: true, targets: [3, 11] });
    const instances = await task.instances("test");
    const env = {
      sandbox,
      limiter: createLimiter(2),
      taskModel: createOfflineModel(),
      limits: { timeoutMs: 5_000, memoryMb: 64 },
      seed: 1,
    };
    const withTool = await evaluateInstances(
      { "task_agent.ts": TOY_TOOL_AGENT },
      task,
      "test",
      instances,
      "n1",
      env,
    );
    expect(withTool.map((record) => record.score)).toEqual([1, 1]);
    const withoutTools = await evaluateInstances(
      { "task_agent.ts": TOY_TOOL_AGENT },
      toyTask({ targets: [3, 11] }),
      "test",
      instances,
      "n2",
      env,
    );
    expect(withoutTools.every((record) => record.score < 1)).toBe(true);
  }, 120_000);
});

describe("a task with a tool, in a model evaluation (hyperagents eval)", () => {
  it("hands the program the instance's tools", async () => {
    const task = toyTask({ withTool: true, targets: [5] });
    const evaluation = programSamples({
      files: { "task_agent.ts": TOY_TOOL_AGENT },
      task,
      sandbox,
      split: "test",
      limits: { timeoutMs: 5_000, memoryMb: 64 },
    });
    const [sample] = await evaluation.samples({ model: null, options: {} });
    expect(sample).toBeDefined();
    if (sample === undefined) return;
    const result = await evaluation.run(sample, { model: createOfflineModel(), options: {} });
    expect(result).toMatchObject({ score: 1, answer: { value: 5 } });
  }, 120_000);
});
