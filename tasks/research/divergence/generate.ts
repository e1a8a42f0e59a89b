/**
 * The task's data: evaluation conditions, not a corpus. Each row is one condition (a peak
 * learning rate and a noise setting) under which the evaluator trains small transformers on the
 * kit's synthetic text. Train rows are a practice grid and validation rows the evaluation
 * conditions, both with visible seeds (a solution may train on them with the kit); test rows are
 * the evaluation conditions without seeds: the hidden seeds are in testWithLabels only.
 */
import type { AirsSplits, Row } from "../../airs/format.js";
import { deriveSeed } from "./kit/random.js";

/** Seeds per condition in each split. */
export const SEEDS_PER_CONDITION = 3;

interface ConditionSpec {
  condition: string;
  lr: number;
  noise_mode: "insertion" | "overwrite";
  noise_vocab: number;
  noise_fraction: number;
}

const spec = (
  lr: number,
  mode: ConditionSpec["noise_mode"],
  vocab: number,
  fraction: number,
): ConditionSpec => ({
  condition: fraction === 0 ? `lr${lr}-clean` : `lr${lr}-${mode}-v${vocab}-a${fraction}`,
  lr,
  noise_mode: mode,
  noise_vocab: vocab,
  noise_fraction: fraction,
});

/** The evaluation conditions: high learning rates with restricted-vocabulary noise. */
export const EVALUATION: readonly ConditionSpec[] = [
  spec(0.1, "insertion", 1, 0.3),
  spec(0.3, "insertion", 1, 0.3),
  spec(0.1, "overwrite", 5, 0.3),
  spec(0.3, "overwrite", 1, 0),
];

/** The practice grid: learning rate × noise, for a solution's own experiments. */
export const PRACTICE: readonly ConditionSpec[] = [0.01, 0.03, 0.1, 0.3].flatMap((lr) => [
  spec(lr, "overwrite", 1, 0),
  spec(lr, "insertion", 1, 0.3),
  spec(lr, "overwrite", 32, 0.3),
]);

function withSeeds(conditions: readonly ConditionSpec[], seed: number, split: string): Row[] {
  return conditions.map((c) => ({
    ...c,
    seeds: Array.from({ length: SEEDS_PER_CONDITION }, (_, i) => deriveSeed(seed, split, c.condition, i)),
  }));
}

export function generate(seed: number): AirsSplits {
  const testWithLabels = withSeeds(EVALUATION, seed, "test");
  return {
    train: withSeeds(PRACTICE, seed, "train"),
    validation: withSeeds(EVALUATION, seed, "validation"),
    test: testWithLabels.map(({ seeds: _hidden, ...inputs }) => inputs),
    testWithLabels,
  };
}
