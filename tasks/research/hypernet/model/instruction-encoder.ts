/**
 * The instruction encoder both models share (the paper's frozen-T5-plus-Transformer context
 * encoder, scaled down): the three content words (verb, colour, region) as learned embeddings
 * plus positional embeddings, mean-pooled, one residual MLP block, then LayerNorm without affine,
 * so the context c has entries of unit scale whatever the training does to the encoder.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { COLOURS, type Instruction, parseInstruction, REGIONS, VERBS } from "../kit/instructions.js";
import { glorot, type TF, truncatedNormal, variable } from "./init.js";

export const VOCABULARY = [...VERBS, ...COLOURS, ...REGIONS] as const;
const TOKENS = 3;

/** The instruction's word ids: verb, colour, region. */
export function tokenIds(instruction: Instruction | string): number[] {
  const { verb, colour, region } =
    typeof instruction === "string" ? parseInstruction(instruction) : instruction;
  return [
    VERBS.indexOf(verb),
    VERBS.length + COLOURS.indexOf(colour),
    VERBS.length + COLOURS.length + REGIONS.indexOf(region),
  ];
}

export interface InstructionEncoder {
  variables: tfjs.Variable[];
  /** Contexts [n, dim] for n instructions given as one-hot words [n × TOKENS, vocabulary]. */
  encode(oneHot: tfjs.Tensor2D, n: number): tfjs.Tensor2D;
  dim: number;
}

/** One-hot words of each instruction, stacked: [n × 3, vocabulary] (no gather: wasm cannot backprop it). */
export function oneHotWords(tf: TF, instructions: readonly (Instruction | string)[]): tfjs.Tensor2D {
  const ids = instructions.flatMap((instruction) => tokenIds(instruction));
  return tf.oneHot(tf.tensor1d(ids, "int32"), VOCABULARY.length).toFloat() as tfjs.Tensor2D;
}

export function instructionEncoder(tf: TF, random: () => number, dim: number): InstructionEncoder {
  const hidden = 2 * dim;
  const embed = variable(
    tf,
    truncatedNormal(random, VOCABULARY.length * dim, 1),
    [VOCABULARY.length, dim],
    "enc/embed",
  );
  const position = variable(tf, truncatedNormal(random, TOKENS * dim, 0.02), [TOKENS, dim], "enc/position");
  const w1 = variable(tf, glorot(random, dim, hidden), [dim, hidden], "enc/w1");
  const b1 = variable(tf, new Float32Array(hidden), [hidden], "enc/b1");
  const w2 = variable(tf, glorot(random, hidden, dim), [hidden, dim], "enc/w2");
  const b2 = variable(tf, new Float32Array(dim), [dim], "enc/b2");
  return {
    dim,
    variables: [embed, position, w1, b1, w2, b2],
    encode(oneHot, n) {
      const words = oneHot.matMul(embed).reshape([n, TOKENS, dim]).add(position);
      const z = words.mean(1) as tfjs.Tensor2D;
      const h = z.add(tf.relu(z.matMul(w1).add(b1)).matMul(w2).add(b2));
      const { mean, variance } = tf.moments(h, -1, true);
      return h.sub(mean).div(variance.add(1e-5).sqrt()) as tfjs.Tensor2D;
    },
  };
}
