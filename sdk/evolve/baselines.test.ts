import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lineage } from "../archive/archive.js";
import { HyperagentsError } from "../errors.js";
import { openRunStore } from "../store/run-store.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { BASELINE_NAMES, resolveBaseline } from "./baselines.js";
import type { EvolveEvent } from "./events.js";
import { type EvolveOptions, evolve } from "./evolve.js";

const showFile = (runDir: string, nodeId: string, path: string) =>
  execFileSync("git", ["--git-dir", join(runDir, "program.git"), "show", `refs/archive/${nodeId}:${path}`], {
    encoding: "utf8",
  });

function setup() {
  const root = mkdtempSync(join(tmpdir(), "ha-baselines-"));
  return { agentDir: writeToyProgram(join(root, "agent")), runDir: join(root, "run") };
}

const evolveToy = (runDir: string, agentDir: string, options: Partial<EvolveOptions>) =>
  evolve({ runDir, tasks: [toyTask()], agentDir, ...options });

/** Logs every node id the meta agent can see in ctx.data, then nudges VALUE as the toy does. */
const SEEING_META_AGENT = `import { STEP } from "./policy.js";
export async function improve(ctx: any) {
  const seen = new Set<string>();
  for (const e of ctx.data.evaluations) seen.add(e.nodeId);
  for (const p of ctx.data.peers) seen.add(p.nodeId);
  ctx.log("SEEN " + JSON.stringify([...seen]));
  const shown = await ctx.files.view("params.ts");
  const value = Number(/VALUE = (-?[\\d.]+)/.exec(shown)?.[1] ?? 0);
  await ctx.files.create("params.ts", "export const VALUE = " + (value + (Math.random() < 0.5 ? -STEP : STEP)) + ";\\n");
}
`;

/** Version 1 marks its children and rewrites itself into version 2, which marks "v2". */
const SELF_REWRITING_META_AGENT = `export async function improve(ctx: any) {
  await ctx.files.create("marker.ts", "export const BY = 'v1 at " + ctx.data.nodeId + " " + (ctx.data.instruction ? "with" : "without") + " instruction';\\n");
  await ctx.files.create("meta_agent.ts", "export async function improve(ctx: any) { await ctx.files.create('marker.ts', 'export const BY = \\"v2 " + "' + ctx.data.nodeId + '" + "\\";\\\\n'); }\\n");
}
`;

describe("baselines", () => {
  it("resolves every name once, and refuses an unknown one with the list", () => {
    for (const name of BASELINE_NAMES) expect(resolveBaseline(name).name).toBe(name);
    let error: unknown;
    try {
      resolveBaseline("dgm-h");
    } catch (caught) {
      error = caught;
    }
    expect(HyperagentsError.is(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(
      /unknown baseline "dgm-h": use one of none, .*dgm-no-self-improve/,
    );
  });

  it("no-archive: the meta agent sees only its own lineage, never a node outside the parent's ancestry", async () => {
    const { agentDir, runDir } = setup();
    writeFileSync(join(agentDir, "meta_agent.ts"), SEEING_META_AGENT);
    await evolveToy(runDir, agentDir, {
      generations: 4,
      children: 2,
      parallel: 2,
      baseline: "no-archive",
      seed: 2,
    });
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const nodes = store.nodes();
    store.close();
    let checked = 0;
    for (const node of nodes.filter((n) => n.generation > 0)) {
      const log = readFileSync(join(runDir, "nodes", node.id, "meta.log"), "utf8");
      const seen: string[] = JSON.parse(/SEEN (.*)/.exec(log)?.[1] ?? "null");
      const ancestry = new Set(lineage(nodes, node.parentId!).map((n) => n.id));
      for (const id of seen) expect(ancestry, `${node.id} saw ${id}`).toContain(id);
      checked++;
    }
    expect(checked).toBe(8);
    // The same program under DGM-H does see nodes outside its lineage (the peers).
    const other = setup();
    writeFileSync(join(other.agentDir, "meta_agent.ts"), SEEING_META_AGENT);
    await evolveToy(other.runDir, other.agentDir, { generations: 3, children: 2, parallel: 2, seed: 2 });
    const otherStore = openRunStore(join(other.runDir, "run.sqlite"), { readonly: true });
    const otherNodes = otherStore.nodes();
    otherStore.close();
    const outside = otherNodes
      .filter((n) => n.generation > 1)
      .some((node) => {
        const log = readFileSync(join(other.runDir, "nodes", node.id, "meta.log"), "utf8");
        const seen: string[] = JSON.parse(/SEEN (.*)/.exec(log)?.[1] ?? "[]");
        const ancestry = new Set(lineage(otherNodes, node.parentId!).map((n) => n.id));
        return seen.some((id) => !ancestry.has(id));
      });
    expect(outside).toBe(true);
  });

  it("dgm: the coding agent is inherited and self-modifies; dgm-no-self-improve keeps the initial one", async () => {
    const faithful = setup();
    writeFileSync(join(faithful.agentDir, "meta_agent.ts"), SELF_REWRITING_META_AGENT);
    await evolveToy(faithful.runDir, faithful.agentDir, {
      generations: 2,
      children: 1,
      baseline: "dgm",
      selection: "latest",
    });
    // g1c0 was written by the initial coding agent, which was handed the generator's statement;
    // g2c0 by the coding agent g1c0 rewrote.
    expect(showFile(faithful.runDir, "g1c0", "marker.ts")).toContain("v1 at g1c0 with instruction");
    expect(showFile(faithful.runDir, "g2c0", "marker.ts")).toContain("v2 g2c0");
    expect(showFile(faithful.runDir, "g1c0", "meta_agent.ts")).not.toBe(
      readFileSync(join(faithful.agentDir, "meta_agent.ts"), "utf8"),
    );

    const frozen = setup();
    writeFileSync(join(frozen.agentDir, "meta_agent.ts"), SELF_REWRITING_META_AGENT);
    await evolveToy(frozen.runDir, frozen.agentDir, {
      generations: 3,
      children: 1,
      baseline: "dgm-no-self-improve",
      selection: "latest",
    });
    for (const id of ["g1c0", "g2c0", "g3c0"]) {
      expect(showFile(frozen.runDir, id, "marker.ts")).toContain(`v1 at ${id} with instruction`);
    }
    const store = openRunStore(join(frozen.runDir, "run.sqlite"), { readonly: true });
    expect(
      store
        .nodes()
        .filter((n) => n.generation > 0)
        .map((n) => n.createdBy),
    ).toEqual(["initial", "initial", "initial"]);
    store.close();
  });

  it("a run never dies for want of a parent: it falls back to the initial node and says why", async () => {
    const { agentDir, runDir } = setup();
    // Throws on every other generation: g1c0 fails (the initial node becomes unselectable, so no
    // node is eligible), g2c0 succeeds from the fallback, g3c0 fails again.
    writeFileSync(
      join(agentDir, "meta_agent.ts"),
      `export async function improve(ctx: any) {
  if (ctx.data.generation % 2 === 1) throw new Error("flaky meta agent");
  await ctx.files.create("params.ts", "export const VALUE = " + ctx.data.generation + ";\\n");
}
`,
    );
    const events: EvolveEvent[] = [];
    const summary = await evolveToy(runDir, agentDir, {
      generations: 3,
      children: 1,
      onEvent: (event) => events.push(event),
    });
    expect(summary.reason).toBe("done");
    expect(summary.archiveSize).toBe(4);
    const fallback = events.find((e) => e.type === "selection-fallback");
    expect(fallback).toMatchObject({ generation: 2, slot: 0 });
    expect(fallback && "reason" in fallback ? fallback.reason : "").toMatch(/no node is eligible/);
    const start = events.find((e) => e.type === "generation-start" && e.generation === 2);
    expect(start).toMatchObject({ parents: ["initial"] });
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    expect(store.node("g2c0")?.status).toBe("valid");
    store.close();
  });
});
