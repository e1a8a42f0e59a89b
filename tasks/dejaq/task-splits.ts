/** Parents per split of the `dejaq` evolution task, known without loading it (`hyperagents tasks`). */
import type { Split } from "../task.js";

export const DEJAQ_INSTANCES: Record<Split, number> = { train: 24, val: 16, test: 16 };
