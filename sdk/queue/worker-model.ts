/**
 * The model a job's agent calls on a worker: resolved from this machine's environment (keys never
 * travel through Redis), with the run's budget left as a cap, every call counted as a row for the
 * owner's ledger, refusals and run-stopping failures noted for the owner to act on.
 */
import {
  BudgetExceededError,
  budgetMiddleware,
  type ChatMiddleware,
  callRowOf,
  createLedger,
  createModel,
  ledgerMiddleware,
  stopsRun,
  type TranscriptEntry,
  transcriptMiddleware,
  withRetry,
  wrapModel,
} from "../llm/index.js";
import type { ChatModel } from "../llm/types.js";
import type { CallRow } from "./jobs.js";
import { type SharedBudget, type SpendCounter, sharedBudgetMiddleware } from "./shared-budget.js";

const models = new Map<string, ChatModel>();

function baseModel(spec: string, env: Record<string, string | undefined> | undefined): ChatModel {
  let model = models.get(spec);
  if (!model) {
    model =
      spec === "offline"
        ? createModel(spec)
        : withRetry(createModel(spec, { maxRetries: 0, ...(env ? { env } : {}) }));
    models.set(spec, model);
  }
  return model;
}

export interface MeteredOnWorker {
  model: ChatModel;
  calls: CallRow[];
  outcome: { refused: boolean; fatal: string | null };
}

/**
 * `job`: the budget it carries (what was left when it was added, and the run's shared budget);
 * `host`: this worker's environment (keys) and its spend counter in Redis.
 */
export function workerModel(
  spec: string,
  job: { budgetLeftUsd: number | null; budget?: SharedBudget },
  host: { env?: Record<string, string | undefined>; spend?: SpendCounter },
  transcript?: TranscriptEntry[],
): MeteredOnWorker {
  const { budgetLeftUsd } = job;
  const calls: CallRow[] = [];
  const outcome = { refused: false, fatal: null as string | null };
  const ledger = createLedger({
    sink: (entry) => calls.push(callRowOf(entry)),
    onWarning: () => undefined,
  });
  const middleware: ChatMiddleware[] = [outcomeMiddleware(outcome)];
  // The run's spend across workers, when the owner shares it; this job's own cap either way.
  if (job.budget && host.spend) middleware.push(sharedBudgetMiddleware(job.budget, host.spend));
  if (budgetLeftUsd !== null)
    middleware.push(budgetMiddleware({ maxUsd: Math.max(0, budgetLeftUsd), ledger, raise: "--budget-usd" }));
  if (transcript) middleware.push(transcriptMiddleware(transcript));
  middleware.push(ledgerMiddleware(ledger, { countCachedCost: true }));
  return { model: wrapModel({ model: baseModel(spec, host.env), middleware }), calls, outcome };
}

/** Notes a refusal (the budget) or a run-stopping failure (a bad key), as the owner's metered model does. */
function outcomeMiddleware(outcome: { refused: boolean; fatal: string | null }): ChatMiddleware {
  return {
    name: "worker-outcome",
    async wrapGenerate({ doGenerate }) {
      try {
        return await doGenerate();
      } catch (error) {
        if (BudgetExceededError.isInstance(error)) outcome.refused = true;
        else if (stopsRun(error)) outcome.fatal ??= (error as Error).message ?? String(error);
        throw error;
      }
    },
  };
}
