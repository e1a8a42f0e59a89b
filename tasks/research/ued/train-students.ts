/**
 * Trains the frozen students of Task A and writes students.json: one PPO run under domain
 * randomisation on 9×9 and 13×13 levels, with checkpoints taken at three points (a novice, an
 * intermediate and the final student). Seeded; the shipped file is this script's output.
 * Run: npx tsx tasks/research/ued/train-students.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadTensorFlow } from "../../../sdk/numeric/index.js";
import { trainStudent } from "./curriculum.js";
import { TASK_LEVELS } from "./levels.js";
import { type Weights, weightsToJson } from "./policy.js";

export const STUDENT_CHECKPOINTS = { novice: 6, intermediate: 40, expert: 200 } as const;
const SEED = 11;

const { tf, backend } = await loadTensorFlow({ backend: "wasm" });
const saved: Record<string, Weights> = {};
const at = new Map<number, string>(
  Object.entries(STUDENT_CHECKPOINTS).map(([name, update]) => [update, name]),
);
const started = performance.now();
trainStudent({
  tf,
  method: "dr",
  seed: SEED,
  updates: STUDENT_CHECKPOINTS.expert,
  envs: 16,
  steps: 128,
  levels: TASK_LEVELS,
  onUpdate: (update, weights) => {
    const name = at.get(update);
    if (name !== undefined) saved[name] = weights;
    if (update % 20 === 0)
      process.stdout.write(`update ${update} ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  },
});
const out = fileURLToPath(new URL("./students.json", import.meta.url));
const students = Object.entries(STUDENT_CHECKPOINTS).map(([name, updates]) => ({
  name,
  updates,
  weights: weightsToJson(saved[name]!),
}));
writeFileSync(
  out,
  `${JSON.stringify({ seed: SEED, backend, method: "dr", envs: 16, steps: 128, students })}\n`,
);
process.stdout.write(`wrote ${out}\n`);
