/**
 * Closed-loop success of a controller on an instruction over a set of episode seeds: what the
 * host evaluator computes on hidden seeds, and what a solution may compute on its own seeds.
 */
import type { Instruction } from "./instructions.js";
import { deriveSeed } from "./random.js";
import { type Controller, runEpisode } from "./sim.js";

/** The seed of episode `index` of an evaluation seeded by `seed`. */
export const episodeSeed = (seed: number, index: number): number => deriveSeed(seed, "episode", index);

/** The fraction of `episodes` episodes (seeds derived from `seed`) the controller succeeds in. */
export function successRate(
  controller: Controller,
  instruction: Instruction,
  seed: number,
  episodes: number,
): number {
  let wins = 0;
  for (let i = 0; i < episodes; i++)
    if (runEpisode(controller, instruction, episodeSeed(seed, i)).success) wins++;
  return wins / episodes;
}
