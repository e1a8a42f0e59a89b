/**
 * The model a node's agents see: the public middleware, composed by `wrapModel`. Every call is
 * recorded in the run store against the node and role (meta step or evaluation) through a
 * ledger sink, optionally kept as a transcript, and refused once the run's budget is spent.
 */
import { budgetMiddleware, type SpendingSource } from "../llm/budget.js";
import { BudgetExceededError, stopsRun } from "../llm/errors.js";
import { callRowOf, createLedger, ledgerMiddleware } from "../llm/ledger.js";
import { type ChatMiddleware, wrapModel } from "../llm/middleware.js";
import { type TranscriptEntry, transcriptMiddleware } from "../llm/transcript.js";
import type { ChatModel } from "../llm/types.js";
import type { RunStore } from "../store/run-store.js";

export type { TranscriptEntry };

export function meteredModel(
  model: ChatModel,
  options: {
    store: RunStore;
    nodeId: string | null;
    role: "meta" | "task" | "task-side" | "diagnose" | "select";
    budgetUsd?: number | null;
    transcript?: TranscriptEntry[];
    /** Told when a call is refused because the budget is spent (so the caller blames the budget, not the agent). */
    onRefused?: () => void;
    /** Told of a failure no agent can work around (a bad key, a replay miss): the run must stop. */
    onFatal?: (error: unknown) => void;
  },
): ChatModel {
  const { store, nodeId, role } = options;
  const ledger = createLedger({
    // The run store is the run's ledger of record: reports and the budget read it.
    sink: (entry) => store.recordModelCall({ nodeId, role, ...callRowOf(entry) }),
    // Unpriced models are the run's to report (summary and report show $0), not a process warning per node.
    onWarning: () => undefined,
  });
  const middleware: ChatMiddleware[] = [outcomeHooks(options)];
  if (options.budgetUsd != null) {
    middleware.push(
      budgetMiddleware({ maxUsd: options.budgetUsd, ledger: runSpending(store), raise: "--budget-usd" }),
    );
  }
  if (options.transcript) middleware.push(transcriptMiddleware(options.transcript));
  // countCachedCost: a replayed run spends what the recording did, so it stops at the same node.
  middleware.push(ledgerMiddleware(ledger, { countCachedCost: true }));
  return wrapModel({ model, middleware });
}

/** The whole run's spending (every node, earlier sessions of a resumed run), from the store. */
function runSpending(store: RunStore): SpendingSource {
  return {
    totals: () => ({
      costUsd: store.totalCostUsd(),
      // Read only for a token cap or a refusal's message: the per-call check stays one SUM.
      get totalTokens() {
        let tokens = 0;
        for (const row of store.costs()) tokens += row.inputTokens + row.outputTokens;
        return tokens;
      },
    }),
  };
}

/** Tells the engine who is to blame: a spent budget (refused) or a failure that stops the run. */
function outcomeHooks(options: {
  onRefused?: () => void;
  onFatal?: (error: unknown) => void;
}): ChatMiddleware {
  return {
    name: "outcome-hooks",
    async wrapGenerate({ doGenerate }) {
      try {
        return await doGenerate();
      } catch (error) {
        if (BudgetExceededError.isInstance(error)) options.onRefused?.();
        else if (stopsRun(error)) options.onFatal?.(error);
        throw error;
      }
    },
  };
}
