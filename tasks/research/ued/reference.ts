/**
 * Reference solution: the paper's maximised negative advantage (MNA), as the official PLR code
 * scores a level: Σ_t −min(Ã_t, 0) over the clipped (running-max-baseline) advantages, times the
 * gate 1[the level was solved at least once in the rollout]; γ = 0.995, λ = 0.95.
 */
import { readSplit, writeSubmission } from "hyperagents/solution";
import { mna, type Trace } from "./kit/scores.js";

const toTrace = (row: Record<string, unknown>): Trace => ({
  rewards: row.rewards as number[],
  values: row.values as number[],
  dones: row.dones as number[],
  lastValue: Number(row.last_value),
});

const test = await readSplit("test");
await writeSubmission(
  test.map((row) => ({ score: mna(toTrace(row)) })),
  ["score"],
);
