import { BudgetExceededError } from "./errors.js";
import type { Ledger } from "./ledger.js";
import type { ChatModel, ChatRequest, ChatResponse } from "./types.js";

export interface BudgetOptions {
  maxUsd?: number;
  maxTokens?: number;
  /** The ledger that counts spending: wrap the inner model with `withLedger(model, ledger)`. */
  ledger: Ledger;
}

/**
 * Refuses to START a call once the ledger shows the cap reached. Calls already in flight finish
 * and may pass the cap: stopping them would waste what they already cost.
 * Compose as `withBudget(withLedger(model, ledger), { maxUsd, ledger })`.
 */
export function withBudget(model: ChatModel, options: BudgetOptions): ChatModel {
  const { maxUsd, maxTokens, ledger } = options;
  return {
    id: model.id,
    generate(request: ChatRequest): Promise<ChatResponse> {
      const spent = ledger.totals();
      if (maxUsd !== undefined && spent.costUsd >= maxUsd) {
        return Promise.reject(
          new BudgetExceededError(
            `Budget of $${maxUsd} reached ($${spent.costUsd.toFixed(4)} spent); not starting another ${model.id} call. Raise the budget (e.g. --budget-usd) to continue.`,
            { usd: spent.costUsd, tokens: spent.totalTokens },
          ),
        );
      }
      if (maxTokens !== undefined && spent.totalTokens >= maxTokens) {
        return Promise.reject(
          new BudgetExceededError(
            `Token budget of ${maxTokens} reached (${spent.totalTokens} used); not starting another ${model.id} call. Raise the token budget to continue.`,
            { usd: spent.costUsd, tokens: spent.totalTokens },
          ),
        );
      }
      return model.generate(request);
    },
  };
}
