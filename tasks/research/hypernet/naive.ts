/**
 * Baseline: a monolithic policy. One 12 → 32 → 32 → 3 network for every instruction, the
 * instruction's embedding an extra input of its first layer; per test instruction that input
 * folds into the first layer's bias, so the submitted policy has the same 1,571 parameters as the
 * hypernetwork's. Behaviour cloning on the demonstrations (model/train.ts).
 */
import { MONOLITHIC_MODEL } from "./model/config.js";
import { solveWith } from "./model/solve.js";

await solveWith(MONOLITHIC_MODEL);
