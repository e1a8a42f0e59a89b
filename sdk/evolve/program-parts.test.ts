import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readProgramFolder } from "../../evals/read-program.js";
import { openRunStore } from "../store/run-store.js";
import { SHIPPED_AGENTS } from "./agents.js";
import { evolve } from "./evolve.js";
import { improvementAtK } from "./impk.js";
import { prepareInitialProgram } from "./initial-program.js";
import { programParts } from "./program-parts.js";

/** The offline hyperagent with its task logic sabotaged in a file other than task_agent.ts. */
function sabotagedOffline(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "ha-parts-")), "evolved");
  cpSync(SHIPPED_AGENTS.offline, dir, { recursive: true });
  const params = join(dir, "params.ts");
  writeFileSync(
    params,
    readFileSync(params, "utf8")
      .replace(/iterations: \d+,/, "iterations: 100,")
      .replace(/radiusPasses: \d+,/, "radiusPasses: 1,"),
  );
  // A helper only the task agent imports, and a meta-policy change the reset must keep.
  writeFileSync(join(dir, "strategies", "helper.ts"), "export const HELPER = 1;\n");
  const taskAgent = join(dir, "task_agent.ts");
  writeFileSync(
    taskAgent,
    `import { HELPER } from "./strategies/helper.js";\n${readFileSync(taskAgent, "utf8")}\nexport const USES = HELPER;\n`,
  );
  const policy = join(dir, "meta_policy.ts");
  writeFileSync(policy, `${readFileSync(policy, "utf8")}\n// evolved\n`);
  return dir;
}

describe("the task agent and the meta agent of a program", () => {
  it("are each entry's import closure less what the other entry imports", async () => {
    const parts = await programParts(readProgramFolder(SHIPPED_AGENTS.offline));
    expect(parts.taskAgent).toEqual([
      "params.ts",
      "strategies/circle_packing.ts",
      "strategies/decrypto.ts",
      "task_agent.ts",
    ]);
    expect(parts.metaAgent).toEqual(["meta_agent.ts", "meta_policy.ts", "tunables.ts"]);
    // types.ts is imported for types only (erased at bundling): it belongs to neither part.
    expect(parts.shared).toEqual([]);
  });

  it("--reset-task-agent replaces the whole task agent and keeps the meta agent", async () => {
    const evolved = sabotagedOffline();
    const folder = await prepareInitialProgram({
      agentDir: evolved,
      resetTaskAgentFrom: SHIPPED_AGENTS.offline,
    });
    const files = readProgramFolder(folder);
    const shipped = readProgramFolder(SHIPPED_AGENTS.offline);
    for (const path of ["params.ts", "task_agent.ts", "strategies/circle_packing.ts"])
      expect(files[path], path).toBe(shipped[path]);
    expect(files["strategies/helper.ts"]).toBeUndefined();
    expect(files["meta_policy.ts"]).toMatch(/\/\/ evolved/);
  });

  it("imp@k of an evolved program starts from the shipped initial program's score", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-impk-"));
    const evolved = sabotagedOffline();
    const shippedRun = join(root, "shipped");
    await evolve({ runDir: shippedRun, tasks: ["circle-packing"], generations: 1, children: 1, seed: 4 });
    const store = openRunStore(join(shippedRun, "run.sqlite"), { readonly: true });
    const shippedScore = store.node("initial")?.score ?? Number.NaN;
    store.close();

    const result = await improvementAtK({
      agentDir: evolved,
      tasks: ["circle-packing"],
      k: 1,
      runDir: join(root, "impk"),
      seed: 4,
    });
    const impkStore = openRunStore(join(result.runDir, "run.sqlite"), { readonly: true });
    const startScore = impkStore.node("initial")?.score ?? Number.NaN;
    impkStore.close();
    // One restart of a seeded optimiser: the same program gives the same score.
    expect(startScore).toBeCloseTo(shippedScore, 3);
  }, 180_000);
});
