/**
 * Structural policy-gradient training (SPG, SPG+time, RSPG), as MFAX's hsm algorithms: each
 * iteration rolls the policy out on every common-noise path (the enumerated paths, weighted by
 * their probabilities, in place of sampled ones), computes the exact gradient of the expected
 * return through the frozen push-forward, and takes an Adam step with global-norm clipping at 1
 * and a learning rate annealed linearly to 0.1× over the run.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { PolicyTable } from "../kit/flow.js";
import type { Game } from "../kit/games.js";
import { type Method, makePolicyNet, type PolicyNet } from "./networks.js";
import { rolloutBatch, tablesOf } from "./rollout.js";
import { pathLogitGradient } from "./structural-gradient.js";

type TF = typeof import("@tensorflow/tfjs");

export interface TrainOptions {
  method: Method;
  lr: number;
  seed: number;
  /** Stop after this many iterations (reproducible) ... */
  iterations?: number;
  /** ... or once this much training time has passed (wall-clock comparisons). */
  budgetMs?: number;
  hidden?: number;
  gruSize?: number;
  /** Called every `every` iterations and at the end, off the training clock. */
  checkpoint?: {
    every: number;
    run: (iteration: number, trainMs: number, tables: Map<string, PolicyTable>) => void;
  };
}

export interface TrainResult {
  tables: Map<string, PolicyTable>;
  iterations: number;
  trainMs: number;
}

/** Adam with moments kept as variables. */
function adam(tf: TF, variables: tfjs.Variable[]) {
  const zeros = (v: tfjs.Variable) => tf.tidy(() => tf.variable(tf.zerosLike(v)));
  const m = variables.map(zeros);
  const s = variables.map(zeros);
  let k = 0;
  return {
    step(grads: tfjs.NamedTensorMap, lr: number): void {
      k += 1;
      const [b1, b2] = [0.9, 0.999];
      tf.tidy(() => {
        const list = variables.map((v) => grads[v.name]!);
        const norm = Math.sqrt(list.reduce((sum, g) => sum + tf.sum(tf.square(g)).dataSync()[0]!, 0));
        const clip = norm > 1 ? 1 / norm : 1;
        variables.forEach((v, i) => {
          const g = tf.mul(list[i]!, clip);
          m[i]!.assign(tf.add(tf.mul(m[i]!, b1), tf.mul(g, 1 - b1)));
          s[i]!.assign(tf.add(tf.mul(s[i]!, b2), tf.mul(tf.square(g), 1 - b2)));
          const mHat = tf.div(m[i]!, 1 - b1 ** k);
          const sHat = tf.div(s[i]!, 1 - b2 ** k);
          v.assign(tf.sub(v, tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(sHat), 1e-8)))));
        });
      });
    },
    dispose: () => {
      for (const v of [...m, ...s]) v.dispose();
    },
  };
}

/** One iteration's gradient step; returns nothing (the net's variables move). */
function update(
  tf: TF,
  net: PolicyNet,
  games: readonly Game[],
  optimizer: ReturnType<typeof adam>,
  lr: number,
): void {
  const { paths, obs } = rolloutBatch(tf, net, games);
  const first = games[0]!;
  const [T, S, A] = [first.horizon, first.nStates, first.actions.length];
  const g = new Float32Array(paths.length * T * S * A);
  paths.forEach((p, b) => {
    g.set(pathLogitGradient(p, 1 / games.length), b * T * S * A);
  });
  const obsTensor = tf.tensor3d(obs);
  const gTensor = tf.tensor4d(g, [paths.length, T, S, A]);
  const { value, grads } = tf.variableGrads(
    () => tf.neg(tf.sum(tf.mul(net.sequence(obsTensor), gTensor))) as tfjs.Scalar,
    net.variables,
  );
  optimizer.step(grads, lr);
  for (const t of [value, obsTensor, gTensor, ...Object.values(grads)]) t.dispose();
}

/** Trains one network on a batch of games of the same kind and size; returns its policy tables. */
export function trainStructural(tf: TF, games: readonly Game[], options: TrainOptions): TrainResult {
  const first = games[0];
  if (first === undefined) throw new RangeError("trainStructural needs at least one game");
  if (options.iterations === undefined && options.budgetMs === undefined)
    throw new RangeError("trainStructural needs iterations or budgetMs");
  const shape = {
    nStates: first.nStates,
    nActions: first.actions.length,
    obsSize: first.observe(0, 0, 0).length,
    horizon: first.horizon,
  };
  const net = makePolicyNet(tf, options.method, shape, {
    seed: options.seed,
    ...(options.hidden === undefined ? {} : { hidden: options.hidden }),
    ...(options.gruSize === undefined ? {} : { gruSize: options.gruSize }),
  });
  const optimizer = adam(tf, net.variables);
  const progress = (i: number, ms: number): number =>
    Math.min(1, options.iterations !== undefined ? i / options.iterations : ms / (options.budgetMs ?? 1));
  let trainMs = 0;
  let i = 0;
  while (progress(i, trainMs) < 1) {
    const start = performance.now();
    update(tf, net, games, optimizer, options.lr * (1 - 0.9 * progress(i, trainMs)));
    trainMs += performance.now() - start;
    i += 1;
    if (options.checkpoint !== undefined && i % options.checkpoint.every === 0)
      options.checkpoint.run(i, trainMs, tablesOf(rolloutBatch(tf, net, games)));
  }
  const tables = tablesOf(rolloutBatch(tf, net, games));
  if (options.checkpoint !== undefined && i % options.checkpoint.every !== 0)
    options.checkpoint.run(i, trainMs, tables);
  optimizer.dispose();
  for (const v of net.variables) v.dispose();
  return { tables, iterations: i, trainMs };
}
