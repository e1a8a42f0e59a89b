/**
 * The scripted expert that writes the demonstrations. "move": approach the block to just outside
 * contact, close the gripper, carry the block into the region, open. "push": walk round the block
 * (never touching it from the wrong side) to a point behind it, then push along the region's
 * direction, steering out lateral drift. Its actions are in the policy's units: dx, dy in [-1, 1]
 * (× SPEED per step) and grip ±1. Not in the kit: solutions learn from its demonstrations only.
 */
import { COLOURS, type Instruction, type Region } from "./kit/instructions.js";
import { CONTACT, GRASP_DIST, inRegion, type SimState, SPEED } from "./kit/sim.js";

type Vec = [number, number];

const DIRECTION: Record<Region, Vec> = { left: [-1, 0], right: [1, 0], top: [0, 1], bottom: [0, -1] };
/** Where the expert stands behind a block before pushing it. */
const BEHIND = 0.11;
/** Within this distance of the block to move, the expert approaches with the gripper closed. */
const CLOSE_RANGE = 0.25;
/** How deep inside the region the expert carries a block before letting go. */
const DEPTH = 0.1;

const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1]];
const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1];
const norm = (a: Vec) => Math.hypot(a[0], a[1]);

/** An action moving `by` (a displacement, capped at one step) with the gripper open or closed. */
function moveBy(by: Vec, closed: boolean): number[] {
  const length = norm(by);
  const scale = length > SPEED ? SPEED / length : 1;
  return [(by[0] * scale) / SPEED, (by[1] * scale) / SPEED, closed ? 1 : -1];
}

/** A point inside the region, nearest the agent's current position. */
function dropPoint(agent: Vec, region: Region): Vec {
  const side = (x: number) => Math.min(0.85, Math.max(0.15, x));
  if (region === "left") return [DEPTH, side(agent[1])];
  if (region === "right") return [1 - DEPTH, side(agent[1])];
  if (region === "bottom") return [side(agent[0]), DEPTH];
  return [side(agent[0]), 1 - DEPTH];
}

function moveAction(state: SimState, k: number, region: Region): number[] {
  const agent = state.agent;
  const block = state.blocks[k] as Vec;
  if (state.holding === k) {
    if (inRegion(block, region) && norm(sub(dropPoint(agent, region), agent)) < 0.02) return [0, 0, -1];
    return moveBy(sub(dropPoint(agent, region), agent), true);
  }
  if (state.holding >= 0) return [0, 0, -1];
  const spot = graspSpot(state, k);
  const toSpot = sub(spot, agent);
  if (norm(toSpot) < 0.005) return [0, 0, 1];
  // Close early on the last stretch (more than one frame of "close" per episode to learn from),
  // unless another block is in reach, which a closed gripper would take.
  const rivalNear = state.blocks.some((b, i) => i !== k && norm(sub(b as Vec, agent)) < GRASP_DIST + 0.02);
  const closed = norm(sub(block, agent)) < CLOSE_RANGE && !rivalNear;
  const from = Math.atan2(agent[1] - block[1], agent[0] - block[0]);
  const to = Math.atan2(spot[1] - block[1], spot[0] - block[0]);
  const turn = Math.atan2(Math.sin(to - from), Math.cos(to - from));
  if (norm(sub(agent, block)) < 0.15 && Math.abs(turn) > 0.7) {
    // Across the block from the spot: go round it on the grasp circle, not through it.
    const angle = from + Math.sign(turn) * 0.7;
    return moveBy(
      sub([block[0] + STANDOFF * Math.cos(angle), block[1] + STANDOFF * Math.sin(angle)], agent),
      closed,
    );
  }
  return moveBy(toSpot, closed);
}

/** Grasp distance: between contact (which would push) and the gripper's reach. */
const STANDOFF = (CONTACT + GRASP_DIST) / 2;

/**
 * Where to stand to grasp block k: on the circle of radius STANDOFF round it, clear of the other
 * blocks (so the grasp takes this one) and inside the arena; the nearest such point to the agent.
 */
function graspSpot(state: SimState, k: number): Vec {
  const block = state.blocks[k] as Vec;
  let best: Vec = block;
  let bestScore = -Infinity;
  for (let i = 0; i < 24; i++) {
    const angle = (i / 24) * 2 * Math.PI;
    const spot: Vec = [block[0] + STANDOFF * Math.cos(angle), block[1] + STANDOFF * Math.sin(angle)];
    if (spot[0] < 0.03 || spot[0] > 0.97 || spot[1] < 0.03 || spot[1] > 0.97) continue;
    const clearance = Math.min(
      ...state.blocks.filter((_, j) => j !== k).map((b) => norm(sub(b as Vec, spot))),
    );
    const score = Math.min(clearance, 0.12) * 10 - norm(sub(spot, state.agent));
    if (score > bestScore) [best, bestScore] = [spot, score];
  }
  return best;
}

/** Distance from point p to the segment a–b. */
function segmentDistance(p: Vec, a: Vec, b: Vec): number {
  const ab = sub(b, a);
  const t = Math.max(0, Math.min(1, dot(sub(p, a), ab) / Math.max(dot(ab, ab), 1e-12)));
  return norm(sub(p, [a[0] + t * ab[0], a[1] + t * ab[1]]));
}

function pushAction(state: SimState, k: number, region: Region): number[] {
  const agent = state.agent;
  const block = state.blocks[k] as Vec;
  const dir = DIRECTION[region];
  const rel = sub(agent, block);
  const along = dot(rel, dir);
  const lateral: Vec = [rel[0] - along * dir[0], rel[1] - along * dir[1]];
  if (along < -0.04 && along > -BEHIND - 0.03 && norm(lateral) < 0.025) {
    // Behind and in line: push along the direction, steering the lateral drift out.
    return moveBy([dir[0] * SPEED - lateral[0], dir[1] * SPEED - lateral[1]], false);
  }
  const behind: Vec = [block[0] - dir[0] * BEHIND, block[1] - dir[1] * BEHIND];
  if (segmentDistance(block, agent, behind) > CONTACT + 0.015) return moveBy(sub(behind, agent), false);
  // The way behind passes the block: step out to its side, then to the corner behind it.
  const perp: Vec = [-dir[1], dir[0]];
  const side = dot(rel, perp) >= 0 ? 1 : -1;
  const out = side * 0.14;
  const ahead = Math.max(along, 0);
  const waypoint: Vec =
    along > 0 && Math.abs(dot(rel, perp)) < 0.13
      ? [block[0] + out * perp[0] + ahead * dir[0], block[1] + out * perp[1] + ahead * dir[1]]
      : [block[0] + out * perp[0] - BEHIND * dir[0], block[1] + out * perp[1] - BEHIND * dir[1]];
  return moveBy(sub(waypoint, agent), false);
}

/** The expert's action for an instruction in a state. */
export function expertAction(state: SimState, instruction: Instruction): number[] {
  const k = COLOURS.indexOf(instruction.colour);
  return instruction.verb === "move"
    ? moveAction(state, k, instruction.region)
    : pushAction(state, k, instruction.region);
}
