/**
 * Reference solution: the published mitigations for every condition (kit/recipe.ts
 * MITIGATED_RECIPE: QK-norm, z-loss 1e-4, warm-up over a tenth of the run, clipping at norm 1).
 */
import { readSplit, writeSubmission } from "hyperagents/solution";
import { MITIGATED_RECIPE } from "./kit/recipe.js";

const test = await readSplit("test");
await writeSubmission(
  test.map(() => ({ recipe: MITIGATED_RECIPE })),
  ["recipe"],
);
