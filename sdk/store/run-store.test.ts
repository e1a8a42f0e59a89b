import { copyFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eligibleParents, growthScore, lineage } from "../archive/archive.js";
import { openRunStore } from "./run-store.js";
import { SCHEMA_VERSION } from "./schema.js";

const tempFile = () => join(mkdtempSync(join(tmpdir(), "ha-store-")), "run.sqlite");

describe("run store", () => {
  it("records nodes, scores and evaluations in one transaction and reads them back", () => {
    const store = openRunStore(tempFile());
    store.insertPendingNode({ id: "initial", parentId: null, generation: 0, slot: 0, createdBy: null });
    store.finishNode("initial", {
      status: "valid",
      tree: "t0",
      compiled: true,
      score: 0.5,
      scores: [
        { nodeId: "initial", taskId: "t", split: "train", stage: "full", score: 0.5, evaluated: 2, total: 2 },
      ],
      evaluations: [
        {
          nodeId: "initial",
          taskId: "t",
          split: "train",
          instanceId: "a",
          score: 1,
          error: null,
          details: { x: 1 },
          wallMs: 3,
        },
        {
          nodeId: "initial",
          taskId: "t",
          split: "train",
          instanceId: "b",
          score: 0,
          error: "bad",
          details: undefined,
          wallMs: 4,
        },
      ],
    });
    const node = store.node("initial");
    expect(node).toMatchObject({
      id: "initial",
      status: "valid",
      score: 0.5,
      compiled: true,
      selectable: true,
    });
    expect(store.scores("initial")).toHaveLength(1);
    expect(store.evaluations("initial", "train").map((e) => [e.instanceId, e.details])).toEqual([
      ["a", { x: 1 }],
      ["b", undefined],
    ]);
    store.close();
  });

  it("a failed transaction leaves nothing half-written", () => {
    const store = openRunStore(tempFile());
    store.insertPendingNode({ id: "n", parentId: null, generation: 0, slot: 0, createdBy: null });
    expect(() =>
      store.finishNode("n", {
        status: "valid",
        scores: [
          { nodeId: "n", taskId: "t", split: "train", stage: "full", score: 1, evaluated: 1, total: 1 },
          // A score for a node that does not exist violates the foreign key: the whole outcome rolls back.
          { nodeId: "ghost", taskId: "t", split: "train", stage: "full", score: 1, evaluated: 1, total: 1 },
        ],
      }),
    ).toThrow();
    expect(store.node("n")?.status).toBe("pending");
    expect(store.scores("n")).toEqual([]);
    store.close();
  });

  it("discards pending nodes on resume, with their rows", () => {
    const store = openRunStore(tempFile());
    store.insertPendingNode({ id: "initial", parentId: null, generation: 0, slot: 0, createdBy: null });
    store.finishNode("initial", { status: "valid", score: 0.1 });
    store.insertPendingNode({
      id: "g1c0",
      parentId: "initial",
      generation: 1,
      slot: 0,
      createdBy: "initial",
    });
    store.recordModelCall({
      nodeId: "g1c0",
      role: "meta",
      model: "m",
      inputTokens: 1,
      outputTokens: 1,
      costUsd: 0.5,
      cached: false,
      latencyMs: 1,
    });
    expect(store.discardPending()).toEqual(["g1c0"]);
    expect(store.nodes().map((n) => n.id)).toEqual(["initial"]);
    expect(store.totalCostUsd()).toBe(0);
    store.close();
  });

  it("never duplicates a node: the same (generation, slot) is refused", () => {
    const store = openRunStore(tempFile());
    store.insertPendingNode({ id: "a", parentId: null, generation: 1, slot: 0, createdBy: null });
    expect(() =>
      store.insertPendingNode({ id: "b", parentId: null, generation: 1, slot: 0, createdBy: null }),
    ).toThrow(/UNIQUE/);
    store.close();
  });

  it("sums costs per node and role, and keeps events in order", () => {
    const store = openRunStore(tempFile());
    for (const role of ["meta", "meta", "task"]) {
      store.recordModelCall({
        nodeId: "x",
        role,
        model: "m",
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0.25,
        cached: false,
        latencyMs: 1,
      });
    }
    expect(store.costs()).toEqual([
      { nodeId: "x", role: "meta", calls: 2, inputTokens: 20, outputTokens: 10, costUsd: 0.5 },
      { nodeId: "x", role: "task", calls: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.25 },
    ]);
    store.appendEvent({ type: "a", payload: { n: 1 } });
    store.appendEvent({ type: "b", payload: { n: 2 }, generation: 3 });
    expect(store.events().map((e) => [e.type, e.payload, e.generation])).toEqual([
      ["a", { n: 1 }, null],
      ["b", { n: 2 }, 3],
    ]);
    expect(store.events(1).map((e) => e.type)).toEqual(["b"]);
    store.close();
  });

  it("refuses a store written by a newer hyperagents and names the fix", () => {
    const file = tempFile();
    const store = openRunStore(file);
    store.close();
    const raw = openRunStore(file);
    raw.close();
    // Bump user_version behind the store's back.
    const Database = createRequire(import.meta.url)("better-sqlite3");
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openRunStore(file)).toThrow(/upgrade hyperagents/);
  });

  it("reads the frozen fixture of schema version 1", () => {
    const fixture = fileURLToPath(new URL("./fixtures/run-v1.sqlite", import.meta.url));
    const copy = tempFile();
    copyFileSync(fixture, copy);
    const store = openRunStore(copy, { readonly: true });
    expect(store.schemaVersion).toBe(1);
    const nodes = store.nodes();
    expect(nodes[0]?.id).toBe("initial");
    expect(nodes.length).toBeGreaterThan(2);
    expect(lineage(nodes, nodes[nodes.length - 1]!.id).at(-1)?.id).toBe("initial");
    const eligible = eligibleParents({ nodes, scores: store.scores() }, ["circle-packing"]);
    expect(eligible.length).toBeGreaterThan(0);
    store.close();
  });
});

describe("archive queries", () => {
  const node = (
    id: string,
    parentId: string | null,
    score: number | null,
    status: "valid" | "invalid" = "valid",
  ) => ({
    id,
    parentId,
    generation: 0,
    slot: 0,
    createdBy: parentId,
    status,
    rejectStage: null,
    rejectReason: null,
    commit: null,
    tree: null,
    duplicateOf: null,
    selectable: true,
    canSelect: true,
    compiled: status === "valid",
    score,
    diffLines: null,
    metaMs: null,
    evalMs: null,
    summary: null,
    createdAt: "",
    finishedAt: null,
  });

  it("growth score discounts descendants' improvements by γ^depth and needs 3 descendants", () => {
    const nodes = [node("r", null, 0.5), node("a", "r", 0.7), node("b", "r", 0.4), node("c", "a", 0.9)];
    const expected = ((0.7 - 0.5) * 0.6 + (0.4 - 0.5) * 0.6 + (0.9 - 0.5) * 0.36) / 3;
    expect(growthScore(nodes, "r")).toBeCloseTo(expected, 10);
    expect(growthScore(nodes, "a")).toBeUndefined();
  });

  it("only valid, selectable nodes with a score on every task are eligible", () => {
    const nodes = [node("r", null, 0.5), node("bad", "r", null, "invalid"), node("half", "r", 0.3)];
    const scores = [
      {
        nodeId: "r",
        taskId: "a",
        split: "train",
        stage: "full" as const,
        score: 0.5,
        evaluated: 1,
        total: 1,
      },
      {
        nodeId: "r",
        taskId: "b",
        split: "train",
        stage: "full" as const,
        score: 0.5,
        evaluated: 1,
        total: 1,
      },
      {
        nodeId: "half",
        taskId: "a",
        split: "train",
        stage: "full" as const,
        score: 0.3,
        evaluated: 1,
        total: 1,
      },
    ];
    expect(eligibleParents({ nodes, scores }, ["a", "b"]).map((e) => e.id)).toEqual(["r"]);
    expect(eligibleParents({ nodes, scores }, ["a", "b"])[0]).toMatchObject({
      children: 2,
      compiledChildren: 1,
    });
  });
});
