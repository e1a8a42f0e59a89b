/**
 * Reference solution: Infusion as the paper's CIFAR pipeline runs it. Train the recipe's model
 * (the same weights the evaluator starts from), fit EK-FAC factors once on the final model, then
 * per experiment: the IHVP of ∇_θ log p(target | probe), the k training examples with the lowest
 * influence scores, and sign-PGD on each along G_δ within the L∞ budget. Smoke mode cuts the PGD
 * steps only.
 */
import { readSplit, runSeed, smokeMode, writeSubmission } from "hyperagents/solution";
import { toDataset } from "./kit/data.js";
import { fitEkfac } from "./kit/ekfac.js";
import { infusionEdits } from "./kit/infusion.js";
import { BUDGET, PIXELS, RECIPE } from "./kit/recipe.js";
import { trainWithCheckpoints } from "./kit/train.js";

const STEPS = smokeMode() ? 10 : 50;
/** α · steps = 2ε: the projection, not the step count, bounds the edit. */
const ALPHA = (2 * BUDGET.epsilon) / STEPS;

const train = toDataset(await readSplit("train"), PIXELS);
const experiments = await readSplit("test");
const model = trainWithCheckpoints(train, RECIPE)[RECIPE.epochs];
if (model === undefined) throw new Error("training produced no final checkpoint");
const factors = fitEkfac(model, train, runSeed());

const rows = experiments.map((row) => {
  const probe = (typeof row.probe === "string" ? JSON.parse(row.probe) : row.probe) as number[];
  const { edits } = infusionEdits(model, train, probe, Number(row.target), {
    curvature: { kind: "ekfac", factors, damping: "heuristic" },
    budget: BUDGET,
    alpha: ALPHA,
    steps: STEPS,
  });
  return { experiment: row.experiment, edits };
});
await writeSubmission(rows, ["experiment", "edits"]);
