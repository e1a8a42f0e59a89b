/**
 * Naive baseline: random edits. Per experiment, k random training examples, each pixel moved by
 * ±ε with a random sign: the whole budget, in no particular direction.
 */
import { readSplit, runSeed, writeSubmission } from "hyperagents/solution";
import { deriveSeed, seededRandom } from "./kit/random.js";
import { BUDGET } from "./kit/recipe.js";

const train = await readSplit("train");
const experiments = await readSplit("test");

const rows = experiments.map((row) => {
  const random = seededRandom(deriveSeed(runSeed(), "naive", Number(row.experiment)));
  const chosen = new Set<number>();
  while (chosen.size < BUDGET.k) chosen.add(Math.floor(random() * train.length));
  const edits = [...chosen].map((index) => {
    const pixels = (train[index]?.pixels ?? []) as number[];
    return { index, pixels: pixels.map((value) => value + (random() < 0.5 ? -1 : 1) * BUDGET.epsilon) };
  });
  return { experiment: row.experiment, edits };
});
await writeSubmission(rows, ["experiment", "edits"]);
