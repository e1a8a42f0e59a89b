/**
 * One training step of next-character prediction: a batch of texts becomes inputs (EOS first,
 * as the start token), targets (the text then EOS) and weights (0 on padding); the loss is the
 * mean cross-entropy over the weighted positions.
 */
import { UserError } from "../../../sdk/errors.js";
import type { TF } from "../../../sdk/numeric/index.js";
import { type AdamState, adamUpdate } from "./adam.js";
import { forward, type ModelConfig } from "./model.js";
import { type CharTokenizer, EOS, PAD } from "./tokenizer.js";

type Tensor = ReturnType<TF["tensor"]>;

export interface Batch {
  tokens: Tensor;
  targets: Tensor;
  weights: Tensor;
}

/** Texts padded to the longest one in the batch (+1 for the start token). */
export function makeBatch(
  tf: TF,
  tokenizer: CharTokenizer,
  texts: readonly string[],
  contextLength: number,
): Batch {
  const encoded = texts.map((text) => tokenizer.encode(text));
  const time = Math.max(...encoded.map((ids) => ids.length)) + 1;
  if (time > contextLength) {
    throw new UserError(
      `a training text needs ${time} positions but the model has ${contextLength}; raise contextLength or shorten the texts`,
    );
  }
  const tokens = new Int32Array(texts.length * time).fill(PAD);
  const targets = new Int32Array(texts.length * time).fill(PAD);
  const weights = new Float32Array(texts.length * time);
  encoded.forEach((ids, row) => {
    const base = row * time;
    tokens[base] = EOS;
    ids.forEach((id, i) => {
      tokens[base + i + 1] = id;
      targets[base + i] = id;
      weights[base + i] = 1;
    });
    targets[base + ids.length] = EOS;
    weights[base + ids.length] = 1;
  });
  const shape: [number, number] = [texts.length, time];
  return {
    tokens: tf.tensor2d(tokens, shape, "int32"),
    targets: tf.tensor2d(targets, shape, "int32"),
    weights: tf.tensor2d(weights, shape),
  };
}

/** Mean cross-entropy over the positions whose weight is 1. */
export function batchLoss(tf: TF, config: ModelConfig, params: readonly Tensor[], batch: Batch): Tensor {
  return tf.tidy(() => {
    const logits = forward(tf, config, params, batch.tokens);
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(batch.targets, config.vocabSize)), -1);
    return tf.div(tf.neg(tf.sum(tf.mul(picked, batch.weights))), tf.sum(batch.weights));
  });
}

/** Gradients of the batch loss, one Adam update; returns the loss before the update. */
export function trainStep(
  tf: TF,
  config: ModelConfig,
  params: readonly Tensor[],
  adam: AdamState,
  batch: Batch,
  learningRate: number,
): { params: Tensor[]; adam: AdamState; loss: number } {
  const { value, grads } = tf.valueAndGrads((...ps: Tensor[]) => batchLoss(tf, config, ps, batch))([
    ...params,
  ]);
  const loss = value.dataSync()[0] ?? Number.NaN;
  value.dispose();
  const next = adamUpdate(tf, params, grads, adam, { learningRate });
  return { params: next.params, adam: next.state, loss };
}

export function disposeBatch(tf: TF, batch: Batch): void {
  tf.dispose([batch.tokens, batch.targets, batch.weights]);
}
