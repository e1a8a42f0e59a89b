import type { Split } from "../task.js";

/**
 * Instances per split of the bundled Decrypto task. Its own file so the task list
 * (`hyperagents tasks`) can count them without loading the game and its embeddings.
 */
export const DECRYPTO_INSTANCES: Readonly<Record<Split, number>> = { train: 24, val: 12, test: 24 };
