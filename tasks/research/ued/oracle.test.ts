import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../sdk/internal/random.js";
import { heldOutLevels } from "./heldout.js";
import {
  FORWARD,
  formatLevel,
  LEFT,
  move,
  OBS_SIZE,
  observe,
  parseLevel,
  RIGHT,
  randomLevel,
  VIEW,
} from "./maze.js";
import { expectedReturn, optimalReturn, shortestPath } from "./oracle.js";

const uniform = () => [1 / 3, 1 / 3, 1 / 3];

describe("maze and exact returns", () => {
  it("finds shortest paths over (cell, facing) in hand-made mazes", () => {
    // Straight ahead: three forward moves.
    expect(shortestPath(parseLevel([">..G"], 10))).toBe(3);
    // Facing away: two turns, then three moves.
    expect(shortestPath(parseLevel(["<..G"], 10))).toBe(5);
    // Around a wall: forward 2, right, forward 2, left, forward 2 = 8 actions.
    const detour = parseLevel([">.#.G", "....."], 20);
    // From (0,0) east: F to (1,0); R (south); F to (1,1); L (east); F F F to (4,1); L (north); F to (4,0)=G.
    expect(shortestPath(detour)).toBe(9);
    expect(optimalReturn(detour)).toBeCloseTo(1 - (0.9 * 9) / 20, 12);
  });

  it("detects unsolvable levels: goal walled off, no goal, or too far for the step limit", () => {
    expect(shortestPath(parseLevel([">.#G"], 10))).toBe(Number.POSITIVE_INFINITY);
    expect(optimalReturn(parseLevel([">.#G"], 10))).toBe(0);
    expect(optimalReturn(parseLevel([">..."], 10))).toBe(0);
    expect(optimalReturn(parseLevel([">..G"], 2))).toBe(0);
    expect(optimalReturn(parseLevel([">..G"], 3))).toBeCloseTo(0.1, 12);
  });

  it("computes a uniform policy's exact return by hand on a two-cell level", () => {
    // Step limit 2: only F on step 1 scores (1 − 0.9·1/2) with probability 1/3; a turned agent cannot
    // reach the goal in one more action.
    expect(expectedReturn(parseLevel([">G"], 2), uniform)).toBeCloseTo(0.55 / 3, 12);
    // Step limit 3: also turn (2/3), turn back (1/3), forward (1/3) on step 3 for 1 − 0.9 = 0.1.
    expect(expectedReturn(parseLevel([">G"], 3), uniform)).toBeCloseTo(0.7 / 3 + (2 / 27) * 0.1, 12);
    // A policy that always moves forward gets the optimum.
    const level = parseLevel([">..G"], 10);
    expect(expectedReturn(level, () => [0, 0, 1])).toBeCloseTo(optimalReturn(level), 12);
  });

  it("moves, turns and bumps into walls and the grid's edge", () => {
    const level = parseLevel([">#", ".."], 10);
    const start = { cell: 0, dir: 0 };
    expect(move(level, start, FORWARD).pose).toEqual(start);
    expect(move(level, start, LEFT).pose).toEqual({ cell: 0, dir: 3 });
    expect(move(level, start, RIGHT).pose).toEqual({ cell: 0, dir: 1 });
    expect(move(level, { cell: 0, dir: 1 }, FORWARD).pose).toEqual({ cell: 2, dir: 1 });
    expect(move(level, { cell: 0, dir: 3 }, FORWARD).pose).toEqual({ cell: 0, dir: 3 });
  });

  it("sees egocentrically: the cell ahead is just above the agent, outside the grid is wall", () => {
    const level = parseLevel(["...", ".G.", ".^."], 10);
    const obs = observe(level, { cell: level.start, dir: level.startDir });
    expect(obs).toHaveLength(OBS_SIZE);
    const at = (row: number, col: number, channel: number) => obs[channel * VIEW * VIEW + row * VIEW + col];
    // Agent at the bottom centre (row 4, col 2), facing up: the goal one ahead is row 3, col 2.
    expect(at(3, 2, 1)).toBe(1);
    expect(at(1, 2, 0)).toBe(1); // three ahead is beyond the grid's top edge
    expect(at(4, 0, 0)).toBe(1); // two to the left is beyond the left edge
    expect(at(4, 1, 0)).toBe(0);
    expect(obs[2 * VIEW * VIEW + 3]).toBe(1); // facing north
    // Turned east, the goal is to the agent's left: row 4, col 1.
    const east = observe(level, { cell: level.start, dir: 0 });
    expect(east[VIEW * VIEW + 4 * VIEW + 1]).toBe(1);
  });

  it("round-trips levels through text and generates them deterministically", () => {
    const a = randomLevel(seededRandom(5), 9, [0, 45], 128);
    const b = randomLevel(seededRandom(5), 9, [0, 45], 128);
    expect(formatLevel(a)).toEqual(formatLevel(b));
    expect(formatLevel(parseLevel(formatLevel(a), 128))).toEqual(formatLevel(a));
    expect(a.goal).not.toBe(a.start);
  });

  it("keeps every held-out maze solvable within its step limit", () => {
    for (const { name, level } of heldOutLevels()) {
      expect(optimalReturn(level), name).toBeGreaterThan(0);
    }
  });
});
