/**
 * Demonstration frames grouped by instruction, and the batches behaviour cloning draws: every
 * training instruction in each batch, the same number of frames from each, so the hypernetwork
 * generates each instruction's policy once per step.
 */
import type { Row } from "hyperagents/solution";
import { OBS_DIM } from "../kit/sim.js";

export const ACTION_DIM = 3;

export interface InstructionFrames {
  instruction: string;
  obs: Float32Array;
  actions: Float32Array;
  count: number;
}

/** Rows ({instruction, obs, actions}, one episode each) as frames per instruction, in first-seen order. */
export function groupFrames(rows: readonly Row[]): InstructionFrames[] {
  const groups = new Map<string, { obs: number[]; actions: number[] }>();
  for (const row of rows) {
    const text = String(row.instruction);
    const group = groups.get(text) ?? { obs: [], actions: [] };
    groups.set(text, group);
    const obs = (typeof row.obs === "string" ? JSON.parse(row.obs) : row.obs) as number[][];
    const actions = (typeof row.actions === "string" ? JSON.parse(row.actions) : row.actions) as number[][];
    for (const frame of obs) group.obs.push(...frame);
    for (const action of actions) group.actions.push(...action);
  }
  return [...groups].map(([instruction, { obs, actions }]) => ({
    instruction,
    obs: Float32Array.from(obs),
    actions: Float32Array.from(actions),
    count: obs.length / OBS_DIM,
  }));
}

/** A batch: `perInstruction` frames of each group, drawn with replacement, as flat [n, m, dim] arrays. */
export function sampleBatch(
  groups: readonly InstructionFrames[],
  perInstruction: number,
  random: () => number,
): { obs: Float32Array; actions: Float32Array } {
  const obs = new Float32Array(groups.length * perInstruction * OBS_DIM);
  const actions = new Float32Array(groups.length * perInstruction * ACTION_DIM);
  groups.forEach((group, g) => {
    for (let j = 0; j < perInstruction; j++) {
      const frame = Math.floor(random() * group.count);
      const slot = g * perInstruction + j;
      obs.set(group.obs.subarray(frame * OBS_DIM, (frame + 1) * OBS_DIM), slot * OBS_DIM);
      actions.set(group.actions.subarray(frame * ACTION_DIM, (frame + 1) * ACTION_DIM), slot * ACTION_DIM);
    }
  });
  return { obs, actions };
}
