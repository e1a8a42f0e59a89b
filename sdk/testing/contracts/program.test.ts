import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { programAgent } from "../../../evals/evaluate-instances.js";
import { readProgramFolder } from "../../../evals/read-program.js";
import { createSandbox } from "../../../sandbox/create-sandbox.js";
import { DEFAULT_LIMITS } from "../../../sandbox/limits.js";
import { createLimiter } from "../../llm/concurrency.js";
import { createOfflineModel } from "../../llm/offline.js";
import { toyTask, writeToyProgram } from "../toy-task.js";
import { ENGINE_CTX, programContract } from "./program.js";
import type { ContractSuite } from "./suite.js";

function caseOf(suite: ContractSuite, prefix: string) {
  const found = suite.cases.find((c) => c.name.startsWith(prefix));
  if (found === undefined) throw new Error(`no case "${prefix}…" in ${suite.name}`);
  return found;
}

let toy: Record<string, string>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hyperagents-program-contract-"));
  toy = readProgramFolder(writeToyProgram(dir));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A copy of the toy program with some files replaced (undefined removes one). */
const variant = (patch: Record<string, string | undefined>) => () => {
  const files: Record<string, string> = { ...toy };
  for (const [path, text] of Object.entries(patch)) {
    if (text === undefined) delete files[path];
    else files[path] = text;
  }
  return files;
};

describe("programContract", () => {
  it("passes the toy program on every case", async () => {
    for (const c of programContract(() => toy).cases) await c.run();
  }, 120_000);

  it("names ctx fields a program declares that the engine does not pass, in types.ts or the entry", async () => {
    const drifted = variant({
      "types.ts": [
        "export interface MetaData { iterationsLeft: number; budgetUsd: number }",
        "export interface Ctx { files: { view(p: string): Promise<string>; create(p: string, c: string): Promise<string> }; data: MetaData; secrets: unknown }",
      ].join("\n"),
      "meta_agent.ts":
        'import type { Ctx } from "./types.js";\nexport async function improve(ctx: Ctx) { return String(ctx.data.iterationsLeft); }\n',
      "task_agent.ts":
        "export async function solve(_input: unknown, ctx: { data: { task: { id: string; labels: string[] } } }) { return ctx.data.task.id; }\n",
    });
    const run = caseOf(programContract(drifted), "declares only ctx fields").run();
    await expect(run).rejects.toThrow(/solve's ctx\.data\.task\.labels is declared/);
    const message = await run.catch((error: Error) => error.message);
    expect(message).toContain(
      "types.ts: improve's ctx.data.budgetUsd is declared, but the engine passes no such field",
    );
    expect(message).toContain("types.ts: improve's ctx.secrets is declared");
    expect(message).not.toContain("iterationsLeft");
  }, 120_000);

  it("fails a program without README.md, without an export, or whose task agent imports the meta agent", async () => {
    await expect(
      caseOf(programContract(variant({ "README.md": undefined })), "has a README").run(),
    ).rejects.toThrow(/no README\.md/);
    const noSolve = variant({ "task_agent.ts": "export const answer = 1;\n" });
    await expect(caseOf(programContract(noSolve), "compiles").run()).rejects.toThrow(/solve/);
    const tangled = variant({
      "task_agent.ts":
        'import { improve } from "./meta_agent.js";\nexport async function solve() { return typeof improve; }\n',
    });
    await expect(caseOf(programContract(tangled), "keeps the task agent").run()).rejects.toThrow(
      /meta_agent\.ts is not in the meta-agent part/,
    );
  }, 120_000);
});

/** The keys of a value, nested where `shape` lists fields (what a program sees of the engine's ctx). */
function keysOf(value: unknown, shape: unknown): unknown {
  if (shape === true || typeof value !== "object" || value === null) return true;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [
        key,
        keysOf((value as Record<string, unknown>)[key], (shape as Record<string, unknown>)[key]),
      ]),
  );
}

describe("ENGINE_CTX", () => {
  it("is what a task agent's solve receives from the engine's evaluator", async () => {
    const sandbox = createSandbox();
    try {
      const task = toyTask();
      const env = {
        sandbox,
        limiter: createLimiter(1),
        taskModel: createOfflineModel(),
        limits: DEFAULT_LIMITS,
        seed: 1,
      };
      const files = {
        "task_agent.ts": `export function solve(_: unknown, ctx: Record<string, unknown>) {
          const describe = (v: unknown): unknown =>
            typeof v === "object" && v !== null && !Array.isArray(v)
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, describe(x)]))
              : typeof v;
          return describe(ctx);
        }`,
      };
      const reply = await programAgent(files, task, env, 1)(null);
      expect(reply.ok).toBe(true);
      if (!reply.ok) return;
      const sorted = (shape: unknown): unknown =>
        shape === true || typeof shape !== "object" || shape === null
          ? true
          : Object.fromEntries(
              Object.keys(shape)
                .sort()
                .map((key) => [key, sorted((shape as Record<string, unknown>)[key])]),
            );
      // files is present for every run (its calls answer "Error: …" without a folder); the engine gives it no meaning.
      const seen = keysOf(reply.value, { ...(ENGINE_CTX.solve as object), files: true }) as Record<
        string,
        unknown
      >;
      delete seen.files;
      expect(seen).toEqual(sorted(ENGINE_CTX.solve));
    } finally {
      await sandbox.dispose();
    }
  }, 120_000);
});
