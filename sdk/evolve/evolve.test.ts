import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRunStore } from "../store/run-store.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import type { EvolveEvent } from "./events.js";
import { type EvolveOptions, evolve } from "./evolve.js";

/** Plain git over a run's program.git. */
const gitIn = (runDir: string) => ({
  raw: async (args: string[]) =>
    execFileSync("git", ["--git-dir", join(runDir, "program.git"), ...args], { encoding: "utf8" }),
});

/** A run of the toy task from the given program folder. */
const evolveToy = (runDir: string, agentDir: string, options: Partial<EvolveOptions> = {}) =>
  evolve({ runDir, tasks: [toyTask()], agentDir, ...options });

const temp = () => mkdtempSync(join(tmpdir(), "ha-evolve-"));

function setup(options: { value?: number } = {}) {
  const root = temp();
  const agentDir = writeToyProgram(join(root, "agent"), options);
  return { root, agentDir, runDir: join(root, "run") };
}

describe("evolve (DGM-H loop) on the toy task", () => {
  it("grows an archive, records every node in run.sqlite and in git, and emits events in order", async () => {
    const { agentDir, runDir } = setup();
    const events: EvolveEvent[] = [];
    const summary = await evolveToy(runDir, agentDir, {
      generations: 4,
      children: 2,
      parallel: 2,
      seed: 3,
      onEvent: (event) => events.push(event),
    });
    expect(summary.reason).toBe("done");
    expect(summary.archiveSize).toBe(1 + 4 * 2);
    expect(events[0]?.type).toBe("run-start");
    expect(events.at(-1)?.type).toBe("run-end");
    expect(events.filter((e) => e.type === "generation-end").map((e) => e.generation)).toEqual([1, 2, 3, 4]);

    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const nodes = store.nodes();
    expect(nodes.filter((node) => node.status === "pending")).toEqual([]);
    // Every valid node is a commit whose git parent is its archive parent's commit.
    const git = gitIn(runDir);
    for (const node of nodes.filter((n) => n.status === "valid" && n.parentId)) {
      const parents = (await git.raw(["rev-list", "--parents", "-n", "1", `refs/archive/${node.id}`]))
        .trim()
        .split(" ");
      const parentCommit = (await git.raw(["rev-parse", `refs/archive/${node.parentId}`])).trim();
      expect(parents.slice(1)).toEqual([parentCommit]);
    }
    // The best node was scored on the test split at the end.
    expect(store.scores(summary.bestNodeId!).some((s) => s.split === "test")).toBe(true);
    expect(store.events().length).toBe(events.length);
    store.close();
    expect(readFileSync(join(runDir, "nodes", "g1c0", "diff.patch"), "utf8")).toMatch(
      /^[-+]export const VALUE/m,
    );
  });

  it("improves on the initial program (the archive keeps the better children)", async () => {
    const { agentDir, runDir } = setup({ value: 0 });
    const summary = await evolveToy(runDir, agentDir, {
      generations: 8,
      children: 2,
      seed: 5,
    });
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const initial = store.node("initial")!;
    store.close();
    expect(summary.bestScore!).toBeGreaterThan(initial.score!);
  });

  it("gates children in order: meta failure (parent unselectable), empty diff, compile, duplicate", async () => {
    const { agentDir, runDir } = setup();
    // A meta agent that misbehaves differently per child, keyed by its node id.
    writeFileSync(
      join(agentDir, "meta_agent.ts"),
      `export async function improve(ctx: any) {
  const id: string = ctx.data.nodeId;
  if (id === "g1c0") throw new Error("meta agent crashed");
  if (id === "g1c1") return "did nothing";
  if (id === "g1c2") { await ctx.files.create("task_agent.ts", "export const solve = ;"); return; }
  if (id === "g1c3") { await ctx.files.create("extra.ts", "export const x = 1;\\n"); return; }
  await ctx.files.create("extra.ts", "export const x = 1;\\n");
}
`,
    );
    const events: EvolveEvent[] = [];
    await evolveToy(runDir, agentDir, {
      generations: 1,
      children: 5,
      parallel: 1,
      selection: "best",
      onEvent: (e) => events.push(e),
    });
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const stage = (id: string) => store.node(id)?.rejectStage ?? store.node(id)?.status;
    expect(stage("g1c0")).toBe("meta");
    expect(store.node("g1c0")?.rejectReason).toMatch(/meta agent crashed/);
    expect(store.node("initial")?.selectable).toBe(false);
    expect(stage("g1c1")).toBe("empty-diff");
    expect(stage("g1c2")).toBe("compile");
    // g1c3 and g1c4 write the same program: one is evaluated, the other is its duplicate.
    const twins = [store.node("g1c3")!, store.node("g1c4")!];
    expect(twins.map((n) => n.status).sort()).toEqual(["invalid", "valid"]);
    expect(twins.find((n) => n.status === "invalid")?.rejectStage).toBe("duplicate");
    store.close();
    expect(events.filter((e) => e.type === "child-rejected")).toHaveLength(4);
  });

  it("staged evaluation: a child below the threshold stops at the sample; unevaluated instances count as zero", async () => {
    const { agentDir, runDir } = setup({ value: -100 });
    await evolveToy(runDir, agentDir, {
      generations: 1,
      children: 1,
      stageThreshold: 0.5,
    });
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const scores = store.scores("g1c0");
    const train = scores.find((s) => s.split === "train")!;
    const val = scores.find((s) => s.split === "val")!;
    expect(train).toMatchObject({ stage: "sample", evaluated: 2, total: 4 });
    expect(val).toMatchObject({ stage: "sample", evaluated: 0, total: 4, score: 0 });
    expect(store.node("g1c0")?.score).toBe(0);
    store.close();
  });

  it("no-self-improve runs the initial meta agent for every child, even after the lineage rewrote its own", async () => {
    const { agentDir, runDir } = setup();
    writeFileSync(
      join(agentDir, "meta_agent.ts"),
      `export async function improve(ctx: any) {
  // Version 1 marks its children and rewrites itself into version 2.
  await ctx.files.create("marker.ts", "export const BY = 'v1 at " + ctx.data.nodeId + "';\\n");
  await ctx.files.create("meta_agent.ts", "export async function improve(ctx: any) { await ctx.files.create('marker.ts', 'export const BY = \\"v2\\";\\\\n'); }\\n");
}
`,
    );
    await evolveToy(runDir, agentDir, {
      generations: 3,
      children: 1,
      baseline: "no-self-improve",
      selection: "latest",
    });
    const git = gitIn(runDir);
    for (const id of ["g1c0", "g2c0", "g3c0"]) {
      expect(await git.raw(["show", `refs/archive/${id}:marker.ts`])).toContain(`v1 at ${id}`);
    }
    // With self-improvement, the grandchild is written by the rewritten meta agent.
    const { agentDir: again, runDir: runDir2 } = setup();
    writeFileSync(join(again, "meta_agent.ts"), readFileSync(join(agentDir, "meta_agent.ts"), "utf8"));
    await evolveToy(runDir2, again, {
      generations: 2,
      children: 1,
      selection: "latest",
    });
    const git2 = gitIn(runDir2);
    expect(await git2.raw(["show", "refs/archive/g2c0:marker.ts"])).toContain("v2");
  });

  it("no-archive always extends the newest node", async () => {
    const { agentDir, runDir } = setup();
    await evolveToy(runDir, agentDir, {
      generations: 4,
      children: 1,
      baseline: "no-archive",
    });
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const parents = store
      .nodes()
      .filter((n) => n.generation > 0)
      .map((n) => n.parentId);
    store.close();
    expect(parents[0]).toBe("initial");
    for (let g = 1; g < parents.length; g++) expect([`g${g}c0`, parents[g - 1]]).toContain(parents[g]);
  });

  it("editable selection runs the program's select_parent.ts, and falls back when it fails", async () => {
    const { agentDir, runDir } = setup();
    writeFileSync(
      join(agentDir, "select_parent.ts"),
      `export function selectParent(archive: { id: string }[]) { return "initial"; }\n`,
    );
    await evolveToy(runDir, agentDir, {
      generations: 3,
      children: 1,
      editableSelection: true,
    });
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    expect(
      store
        .nodes()
        .filter((n) => n.generation > 0)
        .every((n) => n.parentId === "initial"),
    ).toBe(true);
    store.close();

    const broken = setup();
    writeFileSync(
      join(broken.agentDir, "select_parent.ts"),
      `export function selectParent() { return "no-such-node"; }\n`,
    );
    const events: EvolveEvent[] = [];
    await evolveToy(broken.runDir, broken.agentDir, {
      generations: 1,
      children: 1,
      editableSelection: true,
      onEvent: (e) => events.push(e),
    });
    expect(events.find((e) => e.type === "selection-fallback")).toMatchObject({ reason: /not a candidate/ });
    const store2 = openRunStore(join(broken.runDir, "run.sqlite"), { readonly: true });
    expect(store2.node("initial")?.canSelect).toBe(false);
    store2.close();
  });

  it("editable selection adds a default select_parent.ts when the program has none", async () => {
    const { agentDir, runDir } = setup();
    await evolveToy(runDir, agentDir, {
      generations: 1,
      children: 1,
      editableSelection: true,
    });
    const git = gitIn(runDir);
    expect(await git.raw(["show", "refs/archive/initial:select_parent.ts"])).toContain(
      "export function selectParent",
    );
    expect(existsSync(join(agentDir, "select_parent.ts"))).toBe(false);
  });

  it("meters the meta model per node and stops cleanly at the budget", async () => {
    const { agentDir, runDir } = setup();
    writeFileSync(
      join(agentDir, "meta_agent.ts"),
      `export async function improve(ctx: any) {
  const reply = await ctx.llm.generate({ messages: [{ role: "user", content: "a number?" }] });
  await ctx.files.create("params.ts", "export const VALUE = " + Number(reply.text) + ";\\n");
}
`,
    );
    const model = scriptedModel(
      Array.from({ length: 20 }, (_, i) => ({
        text: String(i + 1),
        costUsd: 0.4,
        usage: { inputTokens: 10, outputTokens: 2 },
      })),
    );
    const summary = await evolveToy(runDir, agentDir, {
      model,
      generations: 10,
      children: 1,
      budgetUsd: 1,
    });
    expect(summary.reason).toBe("budget");
    expect(summary.costUsd).toBeGreaterThanOrEqual(1);
    expect(summary.costUsd).toBeLessThan(1.5);
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const costs = store.costs();
    expect(costs.every((c) => c.role === "meta" && c.nodeId?.startsWith("g"))).toBe(true);
    expect(costs.find((c) => c.nodeId === "g1c0")).toMatchObject({ calls: 1, costUsd: 0.4, inputTokens: 10 });
    store.close();
  });

  it("refuses bad input with the fix: an existing run without --resume, a folder that is no program", async () => {
    const { agentDir, runDir, root } = setup();
    await evolveToy(runDir, agentDir, { generations: 1, children: 1 });
    await expect(evolveToy(runDir, agentDir, { generations: 1 })).rejects.toThrow(/pass --resume/);
    await expect(evolve({ runDir: join(root, "other"), tasks: [toyTask()], agentDir: root })).rejects.toThrow(
      /not a hyperagent program/,
    );
    await expect(
      evolve({ runDir: join(root, "x"), tasks: [toyTask()], agentDir, generations: 0 }),
    ).rejects.toThrow(/--generations/);
  });
});

describe("resume", () => {
  it("continues a finished run for more generations with --generations, never fewer", async () => {
    const { agentDir, runDir } = setup();
    await evolveToy(runDir, agentDir, { generations: 2, children: 1 });
    const more = await evolve({ runDir, resume: true, tasks: [toyTask()], generations: 4 });
    expect(more.archiveSize).toBe(1 + 4);
    await expect(evolve({ runDir, resume: true, tasks: [toyTask()], generations: 3 })).rejects.toThrow(
      /only extend/,
    );
    // Resuming a finished run without a new total changes nothing.
    const again = await evolve({ runDir, resume: true, tasks: [toyTask()] });
    expect(again.archiveSize).toBe(5);
  });
});

describe("determinism", () => {
  it("the same seed gives the same archive, node for node, with parallel children", async () => {
    const archive = async () => {
      const { agentDir, runDir } = setup();
      await evolveToy(runDir, agentDir, {
        generations: 4,
        children: 3,
        parallel: 2,
        seed: 42,
      });
      const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
      const nodes = store.nodes().map((n) => [n.id, n.parentId, n.status, n.tree, n.score]);
      store.close();
      return nodes;
    };
    expect(await archive()).toEqual(await archive());
  });
});
