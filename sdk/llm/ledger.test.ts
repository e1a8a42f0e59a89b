import { describe, expect, it } from "vitest";
import { scriptedModel } from "../testing/scripted-model.js";
import { withBudget } from "./budget.js";
import { BudgetExceededError } from "./errors.js";
import { createLedger, withLedger } from "./ledger.js";
import { costOf, findPrice } from "./prices.js";

const ask = (node: string) => ({
  messages: [{ role: "user" as const, content: "hi" }],
  metadata: { node, role: "meta" },
});

describe("prices", () => {
  it("matches dated snapshots and provider prefixes to the longest base name", () => {
    expect(findPrice("gpt-4o-mini-2024-07-18")).toEqual({ input: 0.15, output: 0.6 });
    expect(findPrice("openai:gpt-4o")).toEqual({ input: 2.5, output: 10 });
    expect(findPrice("claude-sonnet-4-5-20250929")).toEqual({ input: 3, output: 15 });
    expect(findPrice("gpt-5.2")).toBeUndefined(); // no "." boundary match against "gpt-5"
    expect(findPrice("llama3.1:8b")).toBeUndefined();
  });

  it("computes USD per million tokens, with overrides", () => {
    expect(costOf("gpt-4o", { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(12.5);
    expect(
      costOf(
        "my-local",
        { inputTokens: 2_000_000, outputTokens: 0 },
        { "my-local": { input: 1, output: 2 } },
      ),
    ).toBe(2);
    expect(costOf("unknown-model", { inputTokens: 5, outputTokens: 5 })).toBe(0);
  });
});

describe("createLedger / withLedger", () => {
  it("sums tokens and dollars overall and per label", async () => {
    const ledger = createLedger();
    const inner = scriptedModel([
      { model: "gpt-4o-mini", usage: { inputTokens: 100, outputTokens: 10 }, costUsd: 0.5 },
      { model: "gpt-4o-mini", usage: { inputTokens: 200, outputTokens: 20 }, costUsd: 1 },
      {
        model: "gpt-4o-mini",
        usage: { inputTokens: 300, outputTokens: 30 },
        costUsd: 2,
        middlewareMetadata: { cache: { hit: true, hash: "h" } },
      },
    ]);
    const model = withLedger(inner, ledger);
    await model.generate(ask("n1"));
    await model.generate(ask("n2"));
    await model.generate(ask("n2"));
    expect(ledger.totals()).toEqual({
      calls: 3,
      cachedCalls: 1,
      inputTokens: 600,
      outputTokens: 60,
      totalTokens: 660,
      costUsd: 1.5, // the cache hit cost nothing
    });
    const byNode = ledger.byLabel("node");
    expect(byNode.n1?.costUsd).toBe(0.5);
    expect(byNode.n2?.calls).toBe(2);
    expect(Object.keys(ledger.byLabel("role"))).toEqual(["meta"]);
    expect(ledger.entries()[0]?.labels).toEqual({ node: "n1", role: "meta" });
  });

  it("flags an unpriced model once, through the warning callback", async () => {
    const warnings: string[] = [];
    const ledger = createLedger({ onWarning: (m) => warnings.push(m) });
    const reply = { model: "llama3.1:8b", usage: { inputTokens: 10, outputTokens: 1 }, costUsd: 0 };
    const model = withLedger(scriptedModel([reply, reply, reply]), ledger);
    for (let i = 0; i < 3; i++) await model.generate(ask("n"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("llama3.1:8b");
    expect(ledger.unknownModels()).toEqual(["llama3.1:8b"]);
    expect(ledger.totals().costUsd).toBe(0);
  });

  it("recomputes costs with its own price overrides", async () => {
    const ledger = createLedger();
    const model = withLedger(
      scriptedModel([{ model: "local", usage: { inputTokens: 1_000_000, outputTokens: 0 } }]),
      ledger,
      { prices: { local: { input: 3, output: 0 } } },
    );
    await model.generate(ask("n"));
    expect(ledger.totals().costUsd).toBe(3);
  });
});

describe("withBudget", () => {
  const reply = { model: "gpt-4o", usage: { inputTokens: 1000, outputTokens: 100 }, costUsd: 1 };

  it("refuses to start a call once the dollar cap is reached", async () => {
    const ledger = createLedger();
    const inner = scriptedModel([reply, reply, reply]);
    const model = withBudget(withLedger(inner, ledger), { maxUsd: 2, ledger });
    await model.generate(ask("a"));
    await model.generate(ask("a"));
    const error = await model.generate(ask("a")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).spentUsd).toBe(2);
    expect(inner.requests).toHaveLength(2);
  });

  it("lets calls already in flight pass the cap", async () => {
    const ledger = createLedger();
    const inner = scriptedModel([reply, reply, reply, reply]);
    const model = withBudget(withLedger(inner, ledger), { maxUsd: 1, ledger });
    await Promise.all([model.generate(ask("a")), model.generate(ask("a")), model.generate(ask("a"))]);
    expect(ledger.totals().costUsd).toBe(3);
    await expect(model.generate(ask("a"))).rejects.toBeInstanceOf(BudgetExceededError);
  });

  it("caps tokens too", async () => {
    const ledger = createLedger();
    const model = withBudget(withLedger(scriptedModel([reply, reply]), ledger), { maxTokens: 1000, ledger });
    await model.generate(ask("a"));
    await expect(model.generate(ask("a"))).rejects.toThrow(/Token budget of 1000/);
  });
});
