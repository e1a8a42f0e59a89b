/**
 * The learning student's policy: a one-hidden-layer network on TensorFlow.js that maps each
 * number's features to a distribution over ACTIONS, trained by policy gradient (REINFORCE with
 * a per-group baseline, as GRPO does, on the binary exact-answer reward). Weights start from a
 * seeded generator and sampling uses the caller's seeded stream, so a seed replays a run.
 */
import { seededRandom } from "../../../sdk/internal/random.js";
import type { TF } from "../../../sdk/numeric/index.js";
import { ACTION_COUNT } from "./actions.js";
import { type EncodedProblem, encodeProblem } from "./encode.js";

type Variable = ReturnType<TF["variable"]>;
type Optimizer = ReturnType<TF["train"]["adam"]>;

export interface PolicyOptions {
  seed: number;
  /** Hashed feature dimension (default 512). */
  dim?: number;
  /** Hidden units (default 32). */
  hidden?: number;
  /** Adam step size (default 0.01). */
  learningRate?: number;
  /** Words on each side of a number the features read (default 4). */
  window?: number;
}

/** One rollout to learn from: the actions taken on a problem and their advantage. */
export interface PolicyUpdate {
  encoded: EncodedProblem;
  actions: readonly number[];
  advantage: number;
}

export interface Policy {
  encode(text: string): EncodedProblem;
  /** Per problem, per number: the probability of each action. */
  probabilities(problems: readonly EncodedProblem[]): number[][][];
  /** One Adam step on −Σ advantage · log π(actions), averaged over the updates; zero advantages are skipped. */
  update(updates: readonly PolicyUpdate[]): void;
  /** A copy of the weights (tests compare runs). */
  weights(): Float32Array[];
  dispose(): void;
}

function initial(size: number, scale: number, random: () => number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}

/** The rows of the problems' numbers as one dense [rows, dim] matrix of feature counts. */
function denseRows(problems: readonly EncodedProblem[], dim: number): { data: Float32Array; rows: number } {
  const rows = problems.reduce((sum, p) => sum + p.features.length, 0);
  const data = new Float32Array(rows * dim);
  let r = 0;
  for (const p of problems) {
    for (const row of p.features) {
      for (const index of row) data[r * dim + index]! += 1;
      r++;
    }
  }
  return { data, rows };
}

export function createPolicy(tf: TF, options: PolicyOptions): Policy {
  const dim = options.dim ?? 512;
  const hidden = options.hidden ?? 32;
  const random = seededRandom(options.seed);
  const w1 = tf.variable(
    tf.tensor2d(initial(dim * hidden, Math.sqrt(6 / (dim + hidden)), random), [dim, hidden]),
  );
  const b1 = tf.variable(tf.zeros([hidden]));
  const w2 = tf.variable(
    tf.tensor2d(initial(hidden * ACTION_COUNT, Math.sqrt(6 / (hidden + ACTION_COUNT)), random), [
      hidden,
      ACTION_COUNT,
    ]),
  );
  const b2 = tf.variable(tf.zeros([ACTION_COUNT]));
  const variables: Variable[] = [w1, b1, w2, b2];
  const optimizer: Optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const cache = new Map<string, EncodedProblem>();
  const encodeOptions = { dim, ...(options.window === undefined ? {} : { window: options.window }) };

  const logits = (x: ReturnType<TF["tensor2d"]>) =>
    tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);

  return {
    encode(text) {
      let encoded = cache.get(text);
      if (encoded === undefined) {
        encoded = encodeProblem(text, encodeOptions);
        if (cache.size > 50_000) cache.clear();
        cache.set(text, encoded);
      }
      return encoded;
    },
    probabilities(problems) {
      const { data, rows } = denseRows(problems, dim);
      if (rows === 0) return problems.map(() => []);
      const flat = tf.tidy(() => tf.softmax(logits(tf.tensor2d(data, [rows, dim]))).dataSync());
      const out: number[][][] = [];
      let r = 0;
      for (const p of problems) {
        out.push(p.features.map(() => Array.from(flat.subarray(r * ACTION_COUNT, ++r * ACTION_COUNT))));
      }
      return out;
    },
    update(updates) {
      const used = updates.filter((u) => u.advantage !== 0 && u.encoded.features.length > 0);
      if (used.length === 0) return;
      const { data, rows } = denseRows(
        used.map((u) => u.encoded),
        dim,
      );
      // coefficient[row, a] = advantage where the rollout took action a at that number.
      const coefficients = new Float32Array(rows * ACTION_COUNT);
      let r = 0;
      for (const u of used) {
        for (let i = 0; i < u.encoded.features.length; i++, r++) {
          const action = u.actions[i] ?? ACTION_COUNT - 1;
          coefficients[r * ACTION_COUNT + action] = u.advantage / updates.length;
        }
      }
      tf.tidy(() => {
        const x = tf.tensor2d(data, [rows, dim]);
        const c = tf.tensor2d(coefficients, [rows, ACTION_COUNT]);
        optimizer.minimize(
          () => tf.neg(tf.sum(tf.mul(c, tf.logSoftmax(logits(x))))) as never,
          false,
          variables,
        );
      });
    },
    weights() {
      return variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    },
    dispose() {
      optimizer.dispose();
      for (const v of variables) v.dispose();
      cache.clear();
    },
  };
}
