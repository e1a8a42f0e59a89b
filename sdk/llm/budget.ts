import { BudgetExceededError } from "./errors.js";
import type { LedgerTotals } from "./ledger.js";
import { type ChatMiddleware, wrapModel } from "./middleware.js";
import type { ChatModel, ChatResponse } from "./types.js";

/** What a budget reads: the spending so far. A `Ledger` is one; so is a sum over a database. */
export interface SpendingSource {
  totals(): Pick<LedgerTotals, "costUsd" | "totalTokens">;
}

export interface BudgetOptions {
  maxUsd?: number;
  maxTokens?: number;
  /**
   * What counts the spending: a ledger that `ledgerMiddleware` (or `withLedger`) fills, placed
   * inside the budget, or any other source of totals.
   */
  ledger: SpendingSource;
  /** How refusals name what to raise. Default "the budget (e.g. --budget-usd)". */
  raise?: string;
}

/**
 * Refuses to START a call once the ledger shows the cap reached. Calls already in flight finish
 * and may pass the cap: stopping them would waste what they already cost.
 * Compose as `withBudget(withLedger(model, ledger), { maxUsd, ledger })`.
 */
export function withBudget(model: ChatModel, options: BudgetOptions): ChatModel {
  return wrapModel({ model, middleware: budgetMiddleware(options) });
}

/**
 * `withBudget` as a middleware value: put it before (outside) the ledger middleware that counts
 * into the same ledger, e.g. `[budgetMiddleware({ maxUsd, ledger }), ledgerMiddleware(ledger)]`.
 * A refused call rejects with `BudgetExceededError` and never reaches the layers inside.
 */
export function budgetMiddleware(options: BudgetOptions): ChatMiddleware {
  const { maxUsd, maxTokens, ledger } = options;
  const raise = options.raise ?? "the budget (e.g. --budget-usd)";
  return {
    name: "budget",
    wrapGenerate({ model, doGenerate }): Promise<ChatResponse> {
      const spent = ledger.totals();
      if (maxUsd !== undefined && spent.costUsd >= maxUsd) {
        return Promise.reject(
          new BudgetExceededError(
            `Budget of $${maxUsd} reached ($${spent.costUsd.toFixed(4)} spent); not starting another ${model.id} call. Raise ${raise} to continue.`,
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
      return doGenerate();
    },
  };
}
