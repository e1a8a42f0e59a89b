// The model layer's public API. No side effects here, and nothing that loads LangChain:
// `fromLangChain` imports @langchain/core lazily, on its first call.

export { type AnthropicModelOptions, createAnthropicModel } from "./anthropic.js";
export { type BudgetOptions, budgetMiddleware, type SpendingSource, withBudget } from "./budget.js";
export {
  type CacheEntry,
  type CacheMode,
  type CacheOptions,
  cacheMiddleware,
  isCacheHit,
  normaliseRequest,
  ReplayMissError,
  requestHash,
  withCache,
} from "./cache.js";
export { concurrencyMiddleware, createLimiter, type Limiter, withConcurrency } from "./concurrency.js";
export { type CreateModelOptions, createModel, MODEL_SPEC_FORMS } from "./create-model.js";
export {
  BudgetExceededError,
  type ProviderContext,
  ProviderError,
  type ProviderErrorCode,
  type ProviderErrorOptions,
  redactSecrets,
  stopsRun,
  toProviderError,
} from "./errors.js";
export { type FromLangChainOptions, fromLangChain, type LangChainChatModelLike } from "./langchain.js";
export {
  type CallRow,
  callRowOf,
  createLedger,
  type Ledger,
  type LedgerEntry,
  type LedgerMiddlewareOptions,
  type LedgerOptions,
  type LedgerTotals,
  ledgerMiddleware,
  withLedger,
} from "./ledger.js";
export { extractJsonObject, type LooseJsonResult, parseLooseJson } from "./loose-json.js";
export {
  type ChatMiddleware,
  type MiddlewareCall,
  SPECIFICATION_VERSION,
  type WrapModelOptions,
  wrapModel,
} from "./middleware.js";
export { createOfflineModel } from "./offline.js";
export { createOpenAIModel, type OpenAIModelOptions } from "./openai.js";
export { costOf, defaultPrices, findPrice, type ModelPrice, type PriceTable } from "./prices.js";
export type { ProviderOptions } from "./provider-options.js";
export { type RetryOptions, retryMiddleware, withRetry } from "./retry.js";
export { parseTextToolCall, type TextToolCall, withTextTools } from "./text-tools.js";
export { type TranscriptEntry, transcriptMiddleware } from "./transcript.js";
export type * from "./types.js";
