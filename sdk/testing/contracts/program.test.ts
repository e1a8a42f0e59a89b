import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProgramFolder } from "../../../evals/read-program.js";
import { writeToyProgram } from "../toy-task.js";
import { programContract } from "./program.js";
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
        "export interface Ctx { files: { view(p: string): Promise<string>; create(p: string, c: string): Promise<string> }; data: MetaData; tools: unknown }",
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
    expect(message).toContain("types.ts: improve's ctx.tools is declared");
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
