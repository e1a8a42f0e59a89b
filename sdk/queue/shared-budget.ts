/**
 * The run's budget across workers. Every worker adds what its calls cost to one Redis key per run
 * and reads it before each call, so jobs running at once cannot each spend what was left when they
 * were queued. The owner raises the key to its own ledger's total before it adds a job (its own
 * calls, a resumed run). Calls already in flight can still pass the cap together, as in one process.
 */
import { BudgetExceededError, type ChatMiddleware } from "../llm/index.js";
import { KEEP_RESULTS_S } from "./jobs.js";
import type { RawRedis } from "./redis-url.js";

/** What a job carries when the run has a budget: the whole budget and the key that counts its spend. */
export interface SharedBudget {
  usd: number;
  spentKey: string;
}

export const spentKeyOf = (runKey: string) => `hyperagents:spent:${runKey}`;

export interface SpendCounter {
  spent(key: string): Promise<number>;
  add(key: string, usd: number): Promise<void>;
  /** Sets the key to `usd` unless it already holds more (workers' calls the owner has not recorded yet). */
  raiseTo(key: string, usd: number): Promise<void>;
}

const RAISE_TO = `local held = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > held then redis.call('SET', KEYS[1], ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 0`;

export function redisSpendCounter(client: RawRedis): SpendCounter {
  return {
    async spent(key) {
      return Number((await client.get(key)) ?? 0);
    },
    async add(key, usd) {
      if (!(usd > 0)) return;
      await client.incrbyfloat(key, usd);
      await client.expire(key, KEEP_RESULTS_S);
    },
    async raiseTo(key, usd) {
      await client.eval(RAISE_TO, 1, key, String(Math.max(0, usd)), String(KEEP_RESULTS_S));
    },
  };
}

/** Refuses a call once the run's spend across workers reached its budget; counts each answered call. */
export function sharedBudgetMiddleware(budget: SharedBudget, counter: SpendCounter): ChatMiddleware {
  return {
    name: "shared-budget",
    async wrapGenerate({ model, doGenerate }) {
      const spent = await counter.spent(budget.spentKey);
      if (spent >= budget.usd) {
        throw new BudgetExceededError(
          `Budget of $${budget.usd} reached ($${spent.toFixed(4)} spent by the run's workers); not starting another ${model.id} call. Raise --budget-usd to continue.`,
          { usd: spent, tokens: 0 },
        );
      }
      const response = await doGenerate();
      await counter.add(budget.spentKey, response.costUsd);
      return response;
    },
  };
}
