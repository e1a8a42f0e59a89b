/** The Programming-by-Backprop task (Track A) and its program generators. */
export { CONDITIONS, type Condition, conditionLabel } from "./conditions.js";
export { pbbFigures } from "./figures.js";
export { buildInstances, PBB_SPLIT_COUNTS, TRACK_A_SEED } from "./instances.js";
export * from "./programs.js";
export { exactMatch, wilsonInterval } from "./score.js";
export { createPbbTask, PBB_DESCRIPTION, PBB_SCAFFOLDS, pbbTask } from "./task.js";
