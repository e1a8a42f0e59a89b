import { isCacheHit } from "./cache.js";
import { type ChatMiddleware, wrapModel } from "./middleware.js";
import { costOf, defaultPrices, findPrice, type PriceTable } from "./prices.js";
import type { ChatModel, ChatResponse, Usage } from "./types.js";

export interface LedgerEntry {
  /** Epoch milliseconds when the call finished. */
  at: number;
  modelId: string;
  /** The model name the provider reported. */
  model: string;
  usage: Usage;
  /** What this call cost; 0 for cache hits and unpriced models. */
  costUsd: number;
  cached: boolean;
  durationMs: number;
  labels: Readonly<Record<string, string>>;
}

/** One call as a flat row: what the run store's model calls and a worker's call rows hold. */
export interface CallRow {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cached: boolean;
  latencyMs: number;
}

export function callRowOf(entry: LedgerEntry): CallRow {
  return {
    model: entry.model,
    inputTokens: entry.usage.inputTokens,
    outputTokens: entry.usage.outputTokens,
    costUsd: entry.costUsd,
    cached: entry.cached,
    latencyMs: entry.durationMs,
  };
}

export interface LedgerTotals {
  calls: number;
  cachedCalls: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number;
}

export interface Ledger {
  /** Adds one call. `withLedger` calls this; call it yourself for usage from elsewhere. */
  record(entry: Omit<LedgerEntry, "at"> & { at?: number }): void;
  entries(): readonly LedgerEntry[];
  totals(): LedgerTotals;
  /** Totals per value of one metadata label, e.g. byLabel("node") -> { "n1": {...}, "n2": {...} }. */
  byLabel(label: string): Record<string, LedgerTotals>;
  /** Model names that had no price (counted as $0). */
  unknownModels(): string[];
}

export interface LedgerOptions {
  /** Price overrides. When given, the ledger recomputes each call's cost with them. */
  prices?: PriceTable;
  /** Told once per unpriced model. Default: process.emitWarning. */
  onWarning?: (message: string) => void;
  /** Told of every entry once it is counted: write it to a database or a log (the run store does). */
  sink?: (entry: LedgerEntry) => void;
}

function emptyTotals(): LedgerTotals {
  return { calls: 0, cachedCalls: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0 };
}

function add(totals: LedgerTotals, entry: LedgerEntry): void {
  totals.calls += 1;
  if (entry.cached) totals.cachedCalls += 1;
  totals.inputTokens += entry.usage.inputTokens;
  totals.outputTokens += entry.usage.outputTokens;
  totals.totalTokens += entry.usage.inputTokens + entry.usage.outputTokens;
  totals.costUsd += entry.costUsd;
}

/** Tokens and dollars per call, with running totals (kept incrementally: budget checks are O(1)). */
export function createLedger(options: LedgerOptions = {}): Ledger {
  const table = options.prices === undefined ? defaultPrices : { ...defaultPrices, ...options.prices };
  const warn =
    options.onWarning ??
    ((message: string) => process.emitWarning(message, { code: "HYPERAGENTS_UNKNOWN_PRICE" }));
  const entries: LedgerEntry[] = [];
  const totals = emptyTotals();
  const unknown = new Set<string>();
  return {
    record(input) {
      const entry: LedgerEntry = { ...input, at: input.at ?? Date.now() };
      entries.push(entry);
      add(totals, entry);
      options.sink?.(entry);
      const tokens = entry.usage.inputTokens + entry.usage.outputTokens;
      const unpriced = entry.costUsd === 0 && !entry.cached && tokens > 0;
      if (unpriced && !unknown.has(entry.model) && findPrice(entry.model, table) === undefined) {
        unknown.add(entry.model);
        warn(
          `No price for model "${entry.model}": its calls count as $0. ` +
            `Pass prices: { "${entry.model}": { input, output } } (USD per million tokens) to count them.`,
        );
      }
    },
    entries: () => entries,
    totals: () => ({ ...totals }),
    byLabel(label) {
      const out: Record<string, LedgerTotals> = {};
      for (const entry of entries) {
        const value = entry.labels[label];
        if (value === undefined) continue;
        const bucket = out[value] ?? emptyTotals();
        add(bucket, entry);
        out[value] = bucket;
      }
      return out;
    },
    unknownModels: () => [...unknown],
  };
}

export interface LedgerMiddlewareOptions {
  /** Recompute each call's cost with these prices instead of taking the provider's. */
  prices?: PriceTable;
  /**
   * Count a cache hit at the cost it had when recorded. Default false: a hit costs $0. Turn it
   * on where a replay must spend as the recording did (the run loop does, so that a replayed
   * run reaches its budget at the same node as the recorded one).
   */
  countCachedCost?: boolean;
}

/** Records every successful call (tokens, USD, metadata labels) into `ledger`. */
export function withLedger(
  model: ChatModel,
  ledger: Ledger,
  options: LedgerMiddlewareOptions = {},
): ChatModel {
  return wrapModel({ model, middleware: ledgerMiddleware(ledger, options) });
}

/** `withLedger` as a middleware value. Failed calls are not recorded (they cost nothing). */
export function ledgerMiddleware(ledger: Ledger, options: LedgerMiddlewareOptions = {}): ChatMiddleware {
  return {
    name: "ledger",
    async wrapGenerate({ request, model, doGenerate }): Promise<ChatResponse> {
      const started = performance.now();
      const response = await doGenerate();
      const cached = isCacheHit(response);
      const costUsd =
        cached && options.countCachedCost !== true
          ? 0
          : options.prices === undefined
            ? response.costUsd
            : costOf(response.model, response.usage, options.prices);
      ledger.record({
        modelId: model.id,
        model: response.model,
        usage: response.usage,
        costUsd,
        cached,
        durationMs: performance.now() - started,
        labels: request.metadata ?? {},
      });
      return response;
    },
  };
}
