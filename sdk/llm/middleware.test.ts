import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../errors.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { budgetMiddleware } from "./budget.js";
import { cacheMiddleware, isCacheHit } from "./cache.js";
import { concurrencyMiddleware, createLimiter } from "./concurrency.js";
import { BudgetExceededError, ProviderError } from "./errors.js";
import { createLedger, type LedgerEntry, ledgerMiddleware } from "./ledger.js";
import { type ChatMiddleware, wrapModel } from "./middleware.js";
import { retryMiddleware } from "./retry.js";
import { type TranscriptEntry, transcriptMiddleware } from "./transcript.js";
import type { ChatModel, ChatRequest } from "./types.js";

const ask = (text: string, metadata?: Record<string, string>): ChatRequest => ({
  messages: [{ role: "user", content: text }],
  ...(metadata ? { metadata } : {}),
});

/** Logs when a call passes it on the way in and on the way out. */
function tracer(name: string, log: string[]): ChatMiddleware {
  return {
    name,
    async wrapGenerate({ doGenerate }) {
      log.push(`${name}:in`);
      const response = await doGenerate();
      log.push(`${name}:out`);
      return response;
    },
  };
}

describe("wrapModel", () => {
  it("applies the list outermost first: the first middleware sees the call first and the response last", async () => {
    const log: string[] = [];
    const base = scriptedModel([{ text: "ok" }]);
    const traced: ChatModel = {
      id: base.id,
      generate: (request) => {
        log.push("model");
        return base.generate(request);
      },
    };
    const model = wrapModel({
      model: traced,
      middleware: [tracer("a", log), tracer("b", log), tracer("c", log)],
    });
    await model.generate(ask("hi"));
    expect(log).toEqual(["a:in", "b:in", "c:in", "model", "c:out", "b:out", "a:out"]);
  });

  it("keeps the model's id unless given one, and marks the result with the specification version", () => {
    const base = scriptedModel([], { id: "scripted:x" });
    expect(wrapModel({ model: base, middleware: [] })).toMatchObject({
      id: "scripted:x",
      specificationVersion: "v1",
    });
    expect(wrapModel({ model: base, middleware: [], id: "renamed" }).id).toBe("renamed");
  });

  it("refuses a model that speaks another specification version, naming it", () => {
    const future = {
      specificationVersion: "v2",
      id: "future:model",
      generate: () => Promise.reject(new Error("no")),
    };
    const wrap = () => wrapModel({ model: future as unknown as ChatModel, middleware: [] });
    expect(wrap).toThrow(UserError);
    expect(wrap).toThrow(/future:model implements ChatModel specification v2/);
  });

  it("lets a middleware change the request it passes in", async () => {
    const base = scriptedModel([{ text: "ok" }]);
    const lowTemperature: ChatMiddleware = {
      name: "defaults",
      wrapGenerate: ({ request, doGenerate }) => doGenerate({ temperature: 0, ...request }),
    };
    await wrapModel({ model: base, middleware: lowTemperature }).generate(ask("hi"));
    expect(base.requests[0]?.temperature).toBe(0);
  });

  it("composes the shipped middleware as values: budget outside ledger, retry inside, concurrency outermost", async () => {
    const ledger = createLedger();
    const base = scriptedModel([
      new ProviderError("busy", {
        provider: "test",
        kind: "system",
        code: "rate_limit",
        statusCode: 429,
        retryable: true,
      }),
      { model: "gpt-4o-mini", text: "one", usage: { inputTokens: 10, outputTokens: 2 }, costUsd: 0.6 },
      { model: "gpt-4o-mini", text: "two", usage: { inputTokens: 10, outputTokens: 2 }, costUsd: 0.6 },
      { model: "gpt-4o-mini", text: "never sent" },
    ]);
    const retries: number[] = [];
    const model = wrapModel({
      model: base,
      middleware: [
        concurrencyMiddleware(createLimiter(1)),
        budgetMiddleware({ maxUsd: 1, ledger }),
        ledgerMiddleware(ledger),
        retryMiddleware({
          sleep: async () => undefined,
          onRetry: ({ attempt }) => void retries.push(attempt),
        }),
      ],
    });
    expect((await model.generate(ask("a", { node: "n1" }))).text).toBe("one");
    expect((await model.generate(ask("b", { node: "n2" }))).text).toBe("two");
    await expect(model.generate(ask("c"))).rejects.toSatisfy((error) =>
      BudgetExceededError.isInstance(error),
    );
    expect(retries).toEqual([1]);
    // The retried call is one ledger entry: retry sits inside the ledger.
    expect(ledger.totals()).toMatchObject({ calls: 2, costUsd: 1.2 });
    expect(Object.keys(ledger.byLabel("node"))).toEqual(["n1", "n2"]);
    expect(base.remaining).toBe(1);
  });

  it("hands ledger entries to a sink as they are counted", async () => {
    const seen: LedgerEntry[] = [];
    const ledger = createLedger({ sink: (entry) => void seen.push(entry) });
    const model = wrapModel({
      model: scriptedModel([
        { model: "gpt-4o-mini", usage: { inputTokens: 3, outputTokens: 1 }, costUsd: 0.25 },
      ]),
      middleware: [ledgerMiddleware(ledger)],
    });
    await model.generate(ask("x", { node: "n3" }));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ costUsd: 0.25, cached: false, labels: { node: "n3" } });
  });
});

describe("transcriptMiddleware", () => {
  it("keeps answered and failed calls without the abort signal, and never sees calls refused outside it", async () => {
    const entries: TranscriptEntry[] = [];
    const ledger = createLedger();
    const base = scriptedModel([
      { model: "gpt-4o-mini", text: "hello", costUsd: 2 },
      new ProviderError("bad request", {
        provider: "test",
        kind: "user",
        code: "bad_request",
        statusCode: 400,
      }),
    ]);
    const model = wrapModel({
      model: base,
      middleware: [
        budgetMiddleware({ maxUsd: 3, ledger }),
        transcriptMiddleware(entries),
        ledgerMiddleware(ledger),
      ],
    });
    const signal = new AbortController().signal;
    await model.generate({ ...ask("one"), signal });
    await expect(model.generate(ask("two"))).rejects.toThrow("bad request");
    expect(entries).toHaveLength(2);
    expect(entries[0]?.request).toEqual(ask("one"));
    expect(entries[0]?.response?.text).toBe("hello");
    expect(entries[1]).toMatchObject({ request: ask("two"), error: "bad request" });
    expect(entries[1]?.response).toBeUndefined();
    // Spend past the cap, then the budget refuses before the transcript sees the call.
    const more = wrapModel({
      model: scriptedModel([{ model: "gpt-4o-mini", costUsd: 2 }]),
      middleware: [ledgerMiddleware(ledger)],
    });
    await more.generate(ask("elsewhere"));
    await expect(model.generate(ask("three"))).rejects.toThrow(BudgetExceededError);
    expect(entries).toHaveLength(2);
  });

  it("hands entries to a function", async () => {
    const seen: string[] = [];
    const model = wrapModel({
      model: scriptedModel([{ text: "hi" }]),
      middleware: transcriptMiddleware((entry) => void seen.push(entry.response?.text ?? "")),
    });
    await model.generate(ask("x"));
    expect(seen).toEqual(["hi"]);
  });
});

describe("cacheMiddleware with ledgerMiddleware", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ha-mw-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("counts a replayed call at $0, or at its recorded cost with countCachedCost", async () => {
    const recorded = {
      model: "gpt-4o-mini",
      text: "4",
      usage: { inputTokens: 5, outputTokens: 1 },
      costUsd: 0.01,
    };
    const recorder = wrapModel({
      model: scriptedModel([recorded]),
      middleware: cacheMiddleware({ dir, mode: "record" }),
    });
    await recorder.generate(ask("2+2"));

    const free = createLedger();
    const asRecorded = createLedger();
    const replayer = wrapModel({
      model: scriptedModel([]),
      middleware: [
        ledgerMiddleware(asRecorded, { countCachedCost: true }),
        ledgerMiddleware(free),
        cacheMiddleware({ dir, mode: "replay" }),
      ],
    });
    const replayed = await replayer.generate(ask("2+2"));
    expect(isCacheHit(replayed)).toBe(true);
    expect(free.totals()).toMatchObject({ calls: 1, cachedCalls: 1, costUsd: 0 });
    expect(asRecorded.totals()).toMatchObject({ calls: 1, cachedCalls: 1, costUsd: 0.01 });
  });
});
