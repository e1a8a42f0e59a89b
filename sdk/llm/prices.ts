import type { Usage } from "./types.js";

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * List prices (USD per million tokens, standard tier, no batch or cache discounts), checked
 * against the providers' pricing pages in 2025-2026. Prices change: pass your own entries to
 * `costOf`, `createModel({ prices })` or `createLedger({ prices })` to override or extend.
 * Dated snapshots ("gpt-4o-2024-08-06", "claude-sonnet-4-5-20250929") match their base name.
 */
export const defaultPrices: PriceTable = Object.freeze({
  // OpenAI
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-5": { input: 1.25, output: 10 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-5.1": { input: 1.25, output: 10 },
  o1: { input: 15, output: 60 },
  o3: { input: 2, output: 8 },
  "o3-mini": { input: 1.1, output: 4.4 },
  "o4-mini": { input: 1.1, output: 4.4 },
  // Anthropic
  "claude-opus-4": { input: 15, output: 75 },
  "claude-opus-4-0": { input: 15, output: 75 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4-6": { input: 5, output: 25 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-sonnet-4-0": { input: 3, output: 15 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-sonnet-4-6": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-7-sonnet": { input: 3, output: 15 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
});

/**
 * The price entry for a model name, or undefined when unknown. Accepts "provider:model" specs
 * and dated snapshots: the longest table key that equals the name or prefixes it at a "-"
 * boundary wins ("gpt-4o-mini-2024-07-18" -> "gpt-4o-mini", not "gpt-4o").
 */
export function findPrice(modelName: string, prices: PriceTable = defaultPrices): ModelPrice | undefined {
  const colon = modelName.indexOf(":");
  const name = (colon >= 0 ? modelName.slice(colon + 1) : modelName).toLowerCase();
  const exact = prices[name];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const key of Object.keys(prices)) {
    if (name.startsWith(`${key}-`) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : prices[best];
}

/** USD cost of one call; 0 for models not in the table. `prices` entries override the defaults. */
export function costOf(modelName: string, usage: Usage, prices?: PriceTable): number {
  const table = prices === undefined ? defaultPrices : { ...defaultPrices, ...prices };
  const price = findPrice(modelName, table);
  if (price === undefined) return 0;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
