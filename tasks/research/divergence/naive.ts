/** Naive solution: the plain recipe (no QK-norm, no z-loss, no soft-cap, no warm-up, no clipping) for every condition. */
import { readSplit, writeSubmission } from "hyperagents/solution";
import { PLAIN_RECIPE } from "./kit/recipe.js";

const test = await readSplit("test");
await writeSubmission(
  test.map(() => ({ recipe: PLAIN_RECIPE })),
  ["recipe"],
);
