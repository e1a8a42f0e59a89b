/**
 * The Sandbox contract suite (sandbox/types.ts): a run returns the export's JSON value or a typed
 * failure (thrown error with the program's file and line, timeout, memory), the program gets
 * only the capabilities passed, `Math.random` is seeded, and a disposed sandbox refuses runs.
 * Each case makes its own sandbox from the factory and disposes it.
 */
import assert from "node:assert/strict";
import type { Capabilities, Limits, RunRequest, RunResult, Sandbox } from "../../../sandbox/types.js";
import type { ChatModel } from "../../llm/types.js";
import { type ContractOptions, type ContractSuite, contractSuite } from "./suite.js";

export interface SandboxContractOptions extends ContractOptions {
  /** Suite name (default "Sandbox contract"). */
  name?: string;
}

// Limits are CPU time; the wall-clock backstop is generous so a loaded machine gives `timeout`, not `starved`.
const RELAXED: Partial<Limits> = { timeoutMs: 5_000, wallTimeoutMs: 120_000, memoryMb: 64 };

function request(source: string, extra: Partial<RunRequest> = {}): RunRequest {
  return {
    files: { "task_agent.ts": source },
    entry: "task_agent.ts",
    export: "solve",
    input: null,
    ...extra,
    limits: { ...RELAXED, ...extra.limits },
  };
}

function expectFailure(result: RunResult, kind: string): asserts result is Extract<RunResult, { ok: false }> {
  assert.equal(result.ok, false, `the run succeeded; expected a ${kind} failure`);
  if (!result.ok)
    assert.equal(result.kind, kind, `failed as ${result.kind} (${result.message}), not ${kind}`);
}

function expectValue(result: RunResult): unknown {
  assert.ok(result.ok, result.ok ? "" : `the run failed as ${result.kind}: ${result.message}`);
  return result.value;
}

/** A model that answers every request with the text it was sent, for the capability case. */
const echoModel: ChatModel = {
  id: "contract:echo",
  async generate(req) {
    const last = req.messages.at(-1);
    return {
      text: `echo: ${typeof last?.content === "string" ? last.content : ""}`,
      toolCalls: [],
      usage: { inputTokens: 1, outputTokens: 1 },
      costUsd: 0,
      model: "echo",
      finishReason: "stop",
    };
  },
};

export function sandboxContract(
  factory: () => Sandbox | Promise<Sandbox>,
  options: SandboxContractOptions = {},
): ContractSuite {
  /** Runs `body` with a fresh sandbox, disposing it after. */
  const withSandbox = async (body: (sandbox: Sandbox) => Promise<void>) => {
    const sandbox = await factory();
    try {
      await body(sandbox);
    } finally {
      await sandbox.dispose();
    }
  };
  const cases = [
    {
      name: "runs an export with its input and returns its JSON value, logs and stats",
      run: () =>
        withSandbox(async (sandbox) => {
          const result = await sandbox.run(
            request(
              `export async function solve(input: { n: number }) {
                console.log("n is", input.n);
                return { doubled: input.n * 2, list: [1, "two", null], nested: { ok: true } };
              }`,
              { input: { n: 21 } },
            ),
          );
          assert.deepEqual(expectValue(result), {
            doubled: 42,
            list: [1, "two", null],
            nested: { ok: true },
          });
          assert.deepEqual(result.logs, ["n is 21"]);
          for (const key of ["wallMs", "cpuMs", "heapMb", "toolCalls"] as const)
            assert.ok(Number.isFinite(result.stats[key]), `stats.${key} is not a number`);
        }),
    },
    {
      name: "reports a thrown error as an error failure with the program's file and line",
      run: () =>
        withSandbox(async (sandbox) => {
          const result = await sandbox.run({
            ...request(
              'import { check } from "./util.js";\nexport function solve() {\n  return check(-1);\n}\n',
            ),
            files: {
              "task_agent.ts":
                'import { check } from "./util.js";\nexport function solve() {\n  return check(-1);\n}\n',
              "util.ts":
                'export function check(n: number): number {\n  if (n < 0) {\n    throw new RangeError("negative: " + n);\n  }\n  return n;\n}\n',
            },
          });
          expectFailure(result, "error");
          assert.match(result.message, /RangeError: negative: -1/);
          assert.match(result.stack ?? "", /util\.ts:3:/, "the stack does not point at util.ts line 3");
        }),
    },
    {
      name: "ends an endless loop as timeout",
      run: () =>
        withSandbox(async (sandbox) => {
          const result = await sandbox.run(
            request("export function solve() { for (;;) {} }", { limits: { timeoutMs: 300 } }),
          );
          expectFailure(result, "timeout");
        }),
    },
    {
      name: "ends a heap bomb as memory, and runs the next program",
      run: () =>
        withSandbox(async (sandbox) => {
          const bomb =
            "export function solve() { const a: number[][] = []; for (;;) a.push(new Array(100_000).fill(1.5)); }";
          const result = await sandbox.run(request(bomb, { limits: { memoryMb: 32, timeoutMs: 30_000 } }));
          expectFailure(result, "memory");
          assert.equal(
            expectValue(await sandbox.run(request("export const solve = () => 'alive';"))),
            "alive",
          );
        }),
    },
    {
      name: "gives the program only the capabilities passed",
      run: () =>
        withSandbox(async (sandbox) => {
          const probe = `export async function solve(_: unknown, ctx: any) {
            let llm: string;
            try { llm = (await ctx.llm.generate({ messages: [{ role: "user", content: "hi" }] })).text; }
            catch (e) { llm = "refused: " + (e as Error).message; }
            const g = globalThis as any;
            return {
              llm,
              files: String(await ctx.files.list()).startsWith("Error"),
              data: ctx.data ?? null,
              host: [typeof g.process, typeof g.require, typeof g.fetch, typeof g.setTimeout === "function" ? "timers" : "none"],
            };
          }`;
          const bare = expectValue(await sandbox.run(request(probe))) as Record<string, unknown>;
          assert.match(String(bare.llm), /^refused: /, "ctx.llm answered without a model passed");
          assert.equal(bare.files, true, "ctx.files worked without a folder passed");
          assert.equal(bare.data, null, "ctx.data is set without data passed");
          assert.deepEqual((bare.host as string[]).slice(0, 3), ["undefined", "undefined", "undefined"]);
          const capabilities: Capabilities = { llm: echoModel, data: { task: "given" } };
          const given = expectValue(await sandbox.run(request(probe, { capabilities }))) as Record<
            string,
            unknown
          >;
          assert.equal(given.llm, "echo: hi");
          assert.deepEqual(given.data, { task: "given" });
        }),
    },
    {
      name: "seeds Math.random per run",
      run: () =>
        withSandbox(async (sandbox) => {
          const source = "export function solve() { return [Math.random(), Math.random()]; }";
          const a = expectValue(await sandbox.run(request(source, { seed: 7 })));
          const b = expectValue(await sandbox.run(request(source, { seed: 7 })));
          const c = expectValue(await sandbox.run(request(source, { seed: 8 })));
          assert.deepEqual(a, b, "the same seed gave different values");
          assert.notDeepEqual(a, c, "different seeds gave the same values");
        }),
    },
    {
      name: "refuses runs once disposed",
      async run() {
        const sandbox = await factory();
        await sandbox.dispose();
        await assert.rejects(sandbox.run(request("export const solve = () => 1;")), /disposed/);
      },
    },
  ];
  return contractSuite(options.name ?? "Sandbox contract", cases, options.gaps);
}
