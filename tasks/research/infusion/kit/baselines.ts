/**
 * Edit strategies the benchmark compares with Infusion, each under the same budget: random edits
 * (the naive solution's) and a nearest-neighbour heuristic with no influence at all, which pulls
 * the target-class training images closest to the probe a step ε towards it.
 */
import { type Dataset, type Edit, example } from "./data.js";
import { deriveSeed, seededRandom } from "./random.js";
import type { Budget } from "./recipe.js";

/** k random training examples, each pixel moved ±ε with a random sign. */
export function randomEdits(data: Dataset, budget: Budget, seed: number): Edit[] {
  const random = seededRandom(deriveSeed(seed, "random-edits"));
  const chosen = new Set<number>();
  while (chosen.size < Math.min(budget.k, data.n)) chosen.add(Math.floor(random() * data.n));
  return [...chosen].map((index) => ({
    index,
    pixels: Array.from(example(data, index), (value) => value + (random() < 0.5 ? -1 : 1) * budget.epsilon),
  }));
}

/** The k target-class examples nearest the probe (Euclidean), each moved ε·sign(probe − x). */
export function nearestTargetPush(
  data: Dataset,
  budget: Budget,
  probe: ArrayLike<number>,
  target: number,
): Edit[] {
  const distance = (i: number) => {
    let sum = 0;
    for (let j = 0; j < data.dim; j++)
      sum += ((data.x[i * data.dim + j] as number) - (probe[j] as number)) ** 2;
    return sum;
  };
  const candidates: { index: number; d: number }[] = [];
  for (let i = 0; i < data.n; i++) if (data.y[i] === target) candidates.push({ index: i, d: distance(i) });
  candidates.sort((a, b) => a.d - b.d || a.index - b.index);
  return candidates.slice(0, budget.k).map(({ index }) => ({
    index,
    pixels: Array.from(
      example(data, index),
      (value, j) => value + budget.epsilon * Math.sign((probe[j] as number) - value),
    ),
  }));
}
