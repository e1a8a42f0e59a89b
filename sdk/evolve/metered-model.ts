/**
 * The model a node's agents see: every call is recorded in the run store against the node and
 * role (meta step or evaluation), optionally kept as a transcript, and refused once the run's
 * budget is spent.
 */
import { UserError } from "../errors.js";
import { stopsRun } from "../llm/errors.js";
import type { ChatModel, ChatRequest, ChatResponse } from "../llm/types.js";
import type { RunStore } from "../store/run-store.js";

export interface TranscriptEntry {
  request: Omit<ChatRequest, "signal">;
  response?: ChatResponse;
  error?: string;
  latencyMs: number;
}

export class RunBudgetExhaustedError extends UserError {}

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
  return {
    id: model.id,
    async generate(request) {
      if (options.budgetUsd != null && options.store.totalCostUsd() >= options.budgetUsd) {
        options.onRefused?.();
        throw new RunBudgetExhaustedError(
          `the run's budget of $${options.budgetUsd} is spent: raise --budget-usd to continue`,
        );
      }
      const started = performance.now();
      const { signal: _signal, ...loggable } = request;
      try {
        const response = await model.generate(request);
        const latencyMs = performance.now() - started;
        options.store.recordModelCall({
          nodeId: options.nodeId,
          role: options.role,
          model: response.model,
          inputTokens: response.usage.inputTokens,
          outputTokens: response.usage.outputTokens,
          costUsd: response.costUsd,
          cached: response.cached ?? false,
          latencyMs,
        });
        options.transcript?.push({ request: loggable, response, latencyMs });
        return response;
      } catch (error) {
        if (stopsRun(error)) options.onFatal?.(error);
        options.transcript?.push({
          request: loggable,
          error: error instanceof Error ? error.message : String(error),
          latencyMs: performance.now() - started,
        });
        throw error;
      }
    },
  };
}
