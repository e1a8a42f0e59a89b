import type { Split } from "../task.js";

/**
 * The problems (n) of each split. Its own file so the task list (`hyperagents tasks`) can count
 * instances without loading the task.
 */
export const CIRCLE_PACKING_SPLITS: Readonly<Record<Split, readonly number[]>> = {
  train: [26, 32],
  val: [26, 32],
  test: [27, 28, 29, 30],
};
