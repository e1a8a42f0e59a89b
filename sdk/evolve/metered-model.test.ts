import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheMiddleware } from "../llm/cache.js";
import { BudgetExceededError, ReplayMissError } from "../llm/errors.js";
import { wrapModel } from "../llm/middleware.js";
import { openRunStore, type RunStore } from "../store/run-store.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { meteredModel, type TranscriptEntry } from "./metered-model.js";

const ask = (text: string) => ({ messages: [{ role: "user" as const, content: text }] });

describe("meteredModel (public middleware over the run store)", () => {
  let dir: string;
  let store: RunStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ha-metered-"));
    store = openRunStore(join(dir, "run.sqlite"));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records each call in the store against its node and role, and keeps the transcript", async () => {
    const transcript: TranscriptEntry[] = [];
    const model = meteredModel(
      scriptedModel([{ model: "m", text: "a", usage: { inputTokens: 7, outputTokens: 3 }, costUsd: 0.25 }]),
      { store, nodeId: "g1c0", role: "meta", transcript },
    );
    expect(model.specificationVersion).toBe("v1");
    await model.generate(ask("hi"));
    expect(store.costs()).toEqual([
      { nodeId: "g1c0", role: "meta", calls: 1, inputTokens: 7, outputTokens: 3, costUsd: 0.25 },
    ]);
    expect(transcript).toHaveLength(1);
    expect(transcript[0]?.response?.text).toBe("a");
  });

  it("refuses a call once the run's budget is spent (across nodes), telling onRefused with a BudgetExceededError", async () => {
    const refused: string[] = [];
    const first = meteredModel(
      scriptedModel([
        { model: "m", costUsd: 0.6 },
        { model: "m", costUsd: 0.6 },
      ]),
      {
        store,
        nodeId: "g1c0",
        role: "meta",
        budgetUsd: 1,
        onRefused: () => void refused.push("g1c0"),
      },
    );
    await first.generate(ask("one"));
    await first.generate(ask("two"));
    const transcript: TranscriptEntry[] = [];
    const other = scriptedModel([{ text: "never" }]);
    const second = meteredModel(other, {
      store,
      nodeId: "g1c1",
      role: "task",
      budgetUsd: 1,
      transcript,
      onRefused: () => void refused.push("g1c1"),
      onFatal: () => void refused.push("fatal"),
    });
    const error = await second.generate(ask("three")).catch((caught: unknown) => caught);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Budget of \$1 reached .*Raise --budget-usd to continue/);
    expect(refused).toEqual(["g1c1"]);
    // A refused call reaches nothing inside: no request, no transcript entry, no store row.
    expect(other.requests).toHaveLength(0);
    expect(transcript).toEqual([]);
    expect(store.costs().map((row) => row.nodeId)).toEqual(["g1c0"]);
  });

  it("tells onFatal of a failure that stops the run, and keeps it in the transcript", async () => {
    const fatal: unknown[] = [];
    const transcript: TranscriptEntry[] = [];
    const model = meteredModel(scriptedModel([new ReplayMissError("no recorded response")]), {
      store,
      nodeId: "g1c0",
      role: "meta",
      budgetUsd: 5,
      transcript,
      onFatal: (error) => void fatal.push(error),
      onRefused: () => void fatal.push("refused"),
    });
    await expect(model.generate(ask("x"))).rejects.toThrow("no recorded response");
    expect(fatal).toHaveLength(1);
    expect(ReplayMissError.isInstance(fatal[0])).toBe(true);
    expect(transcript[0]?.error).toBe("no recorded response");
    expect(store.costs()).toEqual([]);
  });

  it("counts a replayed call at its recorded cost, so a replay stops at the budget where the recording did", async () => {
    const cassettes = join(dir, "cassettes");
    const recorded = scriptedModel([
      { model: "m", usage: { inputTokens: 1, outputTokens: 1 }, costUsd: 0.5 },
    ]);
    await wrapModel({
      model: recorded,
      middleware: cacheMiddleware({ dir: cassettes, mode: "record" }),
    }).generate(ask("same"));
    const replaying = wrapModel({
      model: scriptedModel([], { id: recorded.id }),
      middleware: cacheMiddleware({ dir: cassettes, mode: "replay" }),
    });
    await meteredModel(replaying, { store, nodeId: "g1c0", role: "task" }).generate(ask("same"));
    expect(store.totalCostUsd()).toBe(0.5);
  });
});
