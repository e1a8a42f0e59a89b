/**
 * A whole solution run with one model: read the demonstrations, clone the expert, write one
 * policy per test instruction. naive.ts and reference.ts are this with the monolithic and the
 * hypernetwork configuration; smoke mode (the test suite) trains a tenth as long.
 */
import { loadTf, readSplit, runSeed, smokeMode, writeSubmission } from "hyperagents/solution";
import { FULL_TRAINING, type ModelConfig, SMOKE_TRAINING } from "./config.js";
import { groupFrames } from "./demonstrations.js";
import { trainModel } from "./train.js";

export async function solveWith(config: ModelConfig): Promise<void> {
  const { tf } = await loadTf();
  const groups = groupFrames(await readSplit("train"));
  const test = (await readSplit("test")).map((row) => String(row.instruction));
  const budget = smokeMode() ? SMOKE_TRAINING : FULL_TRAINING;
  const trained = trainModel(tf, groups, config, { ...budget, seed: runSeed() });
  const policies = trained.export(test);
  await writeSubmission(
    test.map((instruction, i) => ({ instruction, policy: roundedPolicy(policies[i]!) })),
    ["instruction", "policy"],
  );
}

/** The policy's JSON with 6 significant digits (a float32 carries about 7). */
function roundedPolicy(policy: object): string {
  return JSON.stringify(policy, (_key, value) =>
    typeof value === "number" ? Number(value.toPrecision(6)) : value,
  );
}
