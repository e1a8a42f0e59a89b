/**
 * Naive baseline: random edits. Per experiment, k random training examples, each pixel moved by
 * ±ε with a random sign: the whole budget, in no particular direction.
 */
import { readSplit, runSeed, writeSubmission } from "hyperagents/solution";
import { randomEdits } from "./kit/baselines.js";
import { toDataset } from "./kit/data.js";
import { deriveSeed } from "./kit/random.js";
import { BUDGET, PIXELS } from "./kit/recipe.js";

const train = toDataset(await readSplit("train"), PIXELS);
const experiments = await readSplit("test");
const rows = experiments.map((row) => ({
  experiment: row.experiment,
  edits: randomEdits(train, BUDGET, deriveSeed(runSeed(), "naive", Number(row.experiment))),
}));
await writeSubmission(rows, ["experiment", "edits"]);
