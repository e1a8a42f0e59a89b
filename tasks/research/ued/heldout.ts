/**
 * Hand-made 9×9 held-out mazes for the zero-shot solve rate (Task B), in the spirit of the
 * official evaluation set (FourRooms, corridors, a spiral, a labyrinth): none is drawn from the
 * training generator. A test checks that each is solvable within its step limit.
 */
import { type Level, parseLevel } from "./maze.js";

export const MAX_STEPS_9 = 128;
export const MAX_STEPS_13 = 250;

export const HELD_OUT: Readonly<Record<string, readonly string[]>> = {
  FourRooms: [
    "....#....",
    ".>..#....",
    ".........",
    "....#....",
    "##.###.##",
    "....#....",
    "....#....",
    "......G..",
    "....#....",
  ],
  TwoRooms: [
    "....#..G.",
    "....#....",
    "....#....",
    "....#....",
    ".^..#....",
    "....#....",
    "....#....",
    "....#....",
    ".........",
  ],
  Corridor: [
    ">........",
    "########.",
    ".........",
    ".########",
    ".........",
    "########.",
    ".........",
    ".########",
    "........G",
  ],
  Spiral: [
    "v........",
    ".#######.",
    ".#.....#.",
    ".#.###.#.",
    ".#.#G..#.",
    ".#.#####.",
    ".#.......",
    ".#######.",
    ".........",
  ],
  Labyrinth: [
    ">.#......",
    "#.#.####.",
    "..#.#..#.",
    ".##.#.##.",
    "....#....",
    ".####.##.",
    "......#G.",
    "#####.##.",
    ".........",
  ],
  FarGoalEmpty: [
    "<........",
    ".........",
    ".........",
    ".........",
    ".........",
    ".........",
    ".........",
    ".........",
    "........G",
  ],
};

export function heldOutLevels(): { name: string; level: Level }[] {
  return Object.entries(HELD_OUT).map(([name, rows]) => ({ name, level: parseLevel(rows, MAX_STEPS_9) }));
}
