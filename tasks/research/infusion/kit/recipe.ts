/**
 * The training recipe every party shares: the solution (to rebuild the model it edits data for),
 * the host evaluator (to retrain on the edited data) and the benchmark. Changing a number here
 * changes the task; the host evaluator reads its own copy, never a solution's.
 */

/** Images are IMAGE_SIDE × IMAGE_SIDE grey levels, flattened row by row. */
export const IMAGE_SIDE = 8;
export const PIXELS = IMAGE_SIDE * IMAGE_SIDE;
export const CLASSES = 10;

export interface Recipe {
  /** Layer widths, input first: an MLP with ReLU between dense layers and softmax cross-entropy. */
  sizes: readonly number[];
  /** Plain SGD (no momentum, no weight decay), as the paper's CIFAR runs. */
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Seeds the initial weights and the batch order (the same order every epoch). */
  seed: number;
}

export const RECIPE: Recipe = {
  sizes: [PIXELS, 64, 32, CLASSES],
  learningRate: 0.05,
  batchSize: 16,
  epochs: 10,
  seed: 20_260_212,
};

/** What a submission may change, per experiment. */
export interface Budget {
  /** At most this many training examples edited. */
  k: number;
  /** Each edited pixel moves at most this far from its original value (L∞). */
  epsilon: number;
}

export const BUDGET: Budget = { k: 10, epsilon: 0.1 };

/** Partial retraining: this many final epochs are rerun on the edited data from their checkpoint. */
export const RETRAIN_EPOCHS = 1;
