/**
 * Naive baseline: positive value loss (PVL), PLR's original score: per episode the mean of
 * max(0, Â_t) over its steps (GAE, γ = 0.995, λ = 0.95), averaged over the rollout's episodes.
 */
import { readSplit, writeSubmission } from "hyperagents/solution";
import { positiveValueLoss, type Trace } from "./kit/scores.js";

const toTrace = (row: Record<string, unknown>): Trace => ({
  rewards: row.rewards as number[],
  values: row.values as number[],
  dones: row.dones as number[],
  lastValue: Number(row.last_value),
});

const test = await readSplit("test");
await writeSubmission(
  test.map((row) => ({ score: positiveValueLoss(toTrace(row)) })),
  ["score"],
);
