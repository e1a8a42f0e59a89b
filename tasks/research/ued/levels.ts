/**
 * The level kinds of the task: 9×9 and 13×13 grids with a uniform number of random walls, up to
 * a density (56%) at which about a quarter of the levels have their goal walled off (jaxued fixes
 * 60 walls on 13×13, 35%); the 13×13 step limit of the official maze (250) and about half of it on
 * 9×9.
 */
import type { LevelSpec } from "./curriculum.js";
import { MAX_STEPS_9, MAX_STEPS_13 } from "./heldout.js";

export const LEVEL_9: LevelSpec = { size: 9, walls: [0, 45], maxSteps: MAX_STEPS_9 };
export const LEVEL_13: LevelSpec = { size: 13, walls: [0, 95], maxSteps: MAX_STEPS_13 };
export const TASK_LEVELS: readonly LevelSpec[] = [LEVEL_9, LEVEL_13];
