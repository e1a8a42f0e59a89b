/**
 * Tabletop-2D: a deterministic 2-D pushing and pick-and-place simulator. The arena is the unit
 * square; an agent (a disc with a gripper) and four blocks, one per colour. Each step the policy
 * sends (dx, dy, grip): the agent moves by SPEED × clip(dx, dy, -1, 1); a closed gripper grasps the
 * nearest block within GRASP_DIST and carries it, an open one releases it; blocks the agent touches
 * (centres closer than CONTACT) are pushed out of its way. "move" asks that the block be grasped,
 * carried and released inside the region; "push" that it reach the region without ever being
 * grasped. An episode ends on success or after MAX_STEPS. Blocks do not collide with each other.
 */
import { COLOURS, type Instruction, type Region } from "./instructions.js";
import { seededRandom } from "./random.js";

export const SPEED = 0.07;
export const CONTACT = 0.08;
export const GRASP_DIST = 0.1;
export const MAX_STEPS = 50;
/** Width of each region band along its wall. */
export const REGION_WIDTH = 0.2;
/** Observation: agent x, y, gripper closed, holding, then x, y of the red, green, blue and yellow blocks. */
export const OBS_DIM = 12;
/** Action: dx, dy (clipped to [-1, 1]) and a grip logit (closed when > 0). */
export const ACT_DIM = 3;

const AGENT_LIMIT = 0.02;
const BLOCK_LIMIT = 0.04;

export interface SimState {
  agent: [number, number];
  blocks: [number, number][];
  gripClosed: boolean;
  /** Index of the block held, or -1. */
  holding: number;
  everGrasped: boolean[];
  step: number;
}

export interface StepResult {
  success: boolean;
  done: boolean;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const dist = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

/** A start state from a seed: blocks in the centre square, apart; the agent anywhere clear of them. */
export function resetState(seed: number): SimState {
  const random = seededRandom(seed);
  const blocks: [number, number][] = [];
  while (blocks.length < COLOURS.length) {
    const p: [number, number] = [0.3 + 0.4 * random(), 0.3 + 0.4 * random()];
    if (blocks.every((b) => dist(b, p) >= 0.12)) blocks.push(p);
  }
  let agent: [number, number] = [0.5, 0.5];
  do agent = [0.1 + 0.8 * random(), 0.1 + 0.8 * random()];
  while (!blocks.every((b) => dist(b, agent) >= 0.12));
  return { agent, blocks, gripClosed: false, holding: -1, everGrasped: blocks.map(() => false), step: 0 };
}

/** The policy's view of the state: positions mapped from [0, 1] to [-1, 1], flags 0 or 1. */
export function observe(state: SimState): number[] {
  const obs = [
    2 * state.agent[0] - 1,
    2 * state.agent[1] - 1,
    state.gripClosed ? 1 : 0,
    state.holding >= 0 ? 1 : 0,
  ];
  for (const [x, y] of state.blocks) obs.push(2 * x - 1, 2 * y - 1);
  return obs;
}

/** Whether a point is inside a region band. */
export function inRegion(p: readonly number[], region: Region): boolean {
  switch (region) {
    case "left":
      return p[0]! < REGION_WIDTH;
    case "right":
      return p[0]! > 1 - REGION_WIDTH;
    case "bottom":
      return p[1]! < REGION_WIDTH;
    case "top":
      return p[1]! > 1 - REGION_WIDTH;
  }
}

/** Whether the instruction is fulfilled in this state. */
export function succeeded(state: SimState, instruction: Instruction): boolean {
  const k = COLOURS.indexOf(instruction.colour);
  if (!inRegion(state.blocks[k]!, instruction.region)) return false;
  if (instruction.verb === "push") return !state.everGrasped[k];
  return state.everGrasped[k]! && state.holding !== k;
}

function applyGrip(state: SimState, closed: boolean): void {
  if (closed && state.holding < 0) {
    let best = -1;
    let bestDist = GRASP_DIST;
    state.blocks.forEach((b, i) => {
      const d = dist(b, state.agent);
      if (d < bestDist) [best, bestDist] = [i, d];
    });
    if (best >= 0) {
      state.holding = best;
      state.everGrasped[best] = true;
    }
  }
  if (!closed) state.holding = -1;
  state.gripClosed = closed;
}

function pushBlocks(state: SimState, dx: number, dy: number): void {
  state.blocks.forEach((b, i) => {
    if (i === state.holding) return;
    let ox = b[0] - state.agent[0];
    let oy = b[1] - state.agent[1];
    const d = Math.hypot(ox, oy);
    if (d >= CONTACT) return;
    if (d < 1e-9) [ox, oy] = Math.hypot(dx, dy) > 0 ? [dx, dy] : [1, 0];
    const n = Math.hypot(ox, oy);
    b[0] = clamp(state.agent[0] + (ox / n) * CONTACT, BLOCK_LIMIT, 1 - BLOCK_LIMIT);
    b[1] = clamp(state.agent[1] + (oy / n) * CONTACT, BLOCK_LIMIT, 1 - BLOCK_LIMIT);
  });
}

/** Advances the state by one action (mutating it); non-finite action values count as 0. */
export function step(state: SimState, action: readonly number[], instruction: Instruction): StepResult {
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : 0);
  applyGrip(state, finite(action[2]) > 0);
  const dx = SPEED * clamp(finite(action[0]), -1, 1);
  const dy = SPEED * clamp(finite(action[1]), -1, 1);
  state.agent = [
    clamp(state.agent[0] + dx, AGENT_LIMIT, 1 - AGENT_LIMIT),
    clamp(state.agent[1] + dy, AGENT_LIMIT, 1 - AGENT_LIMIT),
  ];
  const held = state.blocks[state.holding];
  if (held !== undefined) {
    held[0] = clamp(state.agent[0], BLOCK_LIMIT, 1 - BLOCK_LIMIT);
    held[1] = clamp(state.agent[1], BLOCK_LIMIT, 1 - BLOCK_LIMIT);
  }
  pushBlocks(state, dx, dy);
  state.step += 1;
  const success = succeeded(state, instruction);
  return { success, done: success || state.step >= MAX_STEPS };
}

/** A policy as the simulator sees it: observation in, action out. */
export type Controller = (obs: readonly number[]) => readonly number[];

/** Runs one episode from `seed`; returns whether it succeeded and how many steps it took. */
export function runEpisode(
  controller: Controller,
  instruction: Instruction,
  seed: number,
): { success: boolean; steps: number } {
  const state = resetState(seed);
  for (;;) {
    const { success, done } = step(state, controller(observe(state)), instruction);
    if (done) return { success, steps: state.step };
  }
}
