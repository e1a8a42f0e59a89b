import { describe, expect, it } from "vitest";
import { disposeCheckIsolates, idleCheckIsolates } from "./check-isolate.js";
import { checkProgram, HYPERAGENT_CONTRACT } from "./check-program.js";

const good = {
  "task_agent.ts":
    'import { answer } from "./lib/answer.js";\nexport async function solve(input: unknown): Promise<string> {\n  return answer(input);\n}\n',
  "meta_agent.ts":
    "export async function improve(ctx: { log(...a: unknown[]): void }): Promise<void> {\n  ctx.log('improving');\n}\n",
  "lib/answer.ts": "export function answer(input: unknown): string {\n  return JSON.stringify(input);\n}\n",
  "README.md": "# agent",
};

describe("checkProgram", () => {
  it("passes a program that bundles, instantiates, exports functions and type-checks", async () => {
    expect(await checkProgram(good, HYPERAGENT_CONTRACT)).toEqual({ ok: true });
    expect(await checkProgram(good, HYPERAGENT_CONTRACT, { typecheck: true })).toEqual({ ok: true });
  });

  it("fails at bundle with the file and line of a bare import", async () => {
    const verdict = await checkProgram(
      { ...good, "lib/answer.ts": '\nimport OpenAI from "openai";\nexport const answer = () => OpenAI;' },
      HYPERAGENT_CONTRACT,
    );
    expect(verdict).toMatchObject({ ok: false, stage: "bundle", file: "lib/answer.ts", line: 2 });
    if (!verdict.ok) expect(verdict.message).toContain("ctx");
  });

  it("fails at bundle when an entry file is missing", async () => {
    const { "meta_agent.ts": _removed, ...rest } = good;
    expect(await checkProgram(rest, HYPERAGENT_CONTRACT)).toMatchObject({
      ok: false,
      stage: "bundle",
      file: "meta_agent.ts",
    });
  });

  it("fails at instantiate when top-level code throws, naming the line", async () => {
    const verdict = await checkProgram(
      {
        ...good,
        "lib/answer.ts": "export const answer = () => '';\nconst config: any = undefined;\nconfig.read();\n",
      },
      HYPERAGENT_CONTRACT,
    );
    expect(verdict).toMatchObject({ ok: false, stage: "instantiate", file: "lib/answer.ts", line: 3 });
    if (!verdict.ok) expect(verdict.message).not.toMatch(/check-program|node_modules/);
  });

  it("fails at instantiate when top-level code never finishes", async () => {
    const verdict = await checkProgram(
      { ...good, "meta_agent.ts": "for (;;) {}\nexport function improve() {}" },
      HYPERAGENT_CONTRACT,
      {
        timeoutMs: 500,
      },
    );
    expect(verdict).toMatchObject({ ok: false, stage: "instantiate", file: "meta_agent.ts" });
    if (!verdict.ok) expect(verdict.message).toMatch(/did not finish/);
  });

  it("fails at exports when an export is missing or not a function", async () => {
    expect(
      await checkProgram({ ...good, "meta_agent.ts": "export function improved() {}" }, HYPERAGENT_CONTRACT),
    ).toMatchObject({
      ok: false,
      stage: "exports",
      file: "meta_agent.ts",
      message: expect.stringContaining('does not export "improve"'),
    });
    expect(
      await checkProgram({ ...good, "task_agent.ts": "export const solve = 42;" }, HYPERAGENT_CONTRACT),
    ).toMatchObject({
      ok: false,
      stage: "exports",
      message: expect.stringContaining('exports a number as "solve"'),
    });
  });

  it("fails at typecheck with the first error's file and line", async () => {
    const verdict = await checkProgram(
      {
        ...good,
        "lib/answer.ts":
          "export function answer(input: unknown): string {\n  const n: number = input;\n  return String(n);\n}\n",
      },
      HYPERAGENT_CONTRACT,
      { typecheck: true },
    );
    expect(verdict).toMatchObject({ ok: false, stage: "typecheck", file: "lib/answer.ts", line: 2 });
    if (!verdict.ok) expect(verdict.message).toMatch(/TS2322/);
  });

  it("fails at typecheck when the check runs out of time, without hanging", async () => {
    const verdict = await checkProgram(good, HYPERAGENT_CONTRACT, { typecheck: true, timeoutMs: 300 });
    expect(verdict).toMatchObject({
      ok: false,
      stage: "typecheck",
      message: expect.stringMatching(/did not finish within/),
    });
  });
});

describe("checkProgram's warm isolate", () => {
  const settled = async () => {
    for (let i = 0; i < 200 && idleCheckIsolates() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    return idleCheckIsolates();
  };

  it("is kept after a clean check and gives the next one fresh globals", async () => {
    disposeCheckIsolates();
    const leaky = {
      ...good,
      "task_agent.ts": `if ((globalThis as any).leak) throw new Error("saw the last check");\n(globalThis as any).leak = 1;\n${good["task_agent.ts"]}`,
    };
    expect(await checkProgram(leaky, HYPERAGENT_CONTRACT)).toEqual({ ok: true });
    expect(await settled()).toBe(1);
    const again = { ...leaky, "task_agent.ts": `${leaky["task_agent.ts"]}// another child\n` };
    expect(await checkProgram(again, HYPERAGENT_CONTRACT)).toEqual({ ok: true });
    expect(await settled()).toBe(1);
    disposeCheckIsolates();
    expect(idleCheckIsolates()).toBe(0);
  });

  it("is not kept after top-level code ran out of time, and the next check still passes", async () => {
    // Checks of the tests before may still be handing their isolates back (a second at most).
    await new Promise((r) => setTimeout(r, 1_000));
    disposeCheckIsolates();
    const looping = { ...good, "task_agent.ts": `for (;;) {}\n${good["task_agent.ts"]}` };
    const verdict = await checkProgram(looping, HYPERAGENT_CONTRACT, { timeoutMs: 300 });
    expect(verdict).toMatchObject({ ok: false, stage: "instantiate" });
    await new Promise((r) => setTimeout(r, 300));
    expect(idleCheckIsolates()).toBe(0);
    expect(await checkProgram({ ...good, "README.md": "# next" }, HYPERAGENT_CONTRACT)).toEqual({ ok: true });
  });
});
