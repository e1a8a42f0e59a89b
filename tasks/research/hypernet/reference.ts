/**
 * Reference: HyperVLA's recipe scaled down. A hypernetwork reads the instruction (word and
 * position embeddings, a residual MLP, LayerNorm, c ← c/√d_c) and writes every weight of the
 * 12 → 32 → 32 → 3 task policy through linear heads ψ_b = W_b c + β_b with the paper's bias
 * initialisation (W_b = 0, β_b a standard init) and AdamW-style weight decay on the hypernetwork;
 * trained by behaviour cloning with the Mix loss (MSE on the motion, BCE on the gripper).
 */
import { REFERENCE_MODEL } from "./model/config.js";
import { solveWith } from "./model/solve.js";

await solveWith(REFERENCE_MODEL);
