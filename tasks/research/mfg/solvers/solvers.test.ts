import { beforeAll, describe, expect, it } from "vitest";
import { loadTensorFlow } from "../../../../sdk/numeric/load-tensorflow.js";
import { exploitability } from "../kit/exploitability.js";
import { flowOfTable, uniformPolicy } from "../kit/flow.js";
import { makeGame } from "../kit/games.js";
import { makePolicyNet } from "./networks.js";
import { rolloutBatch, tablesOf } from "./rollout.js";
import { pathLogitGradient, treeLogitGradient } from "./structural-gradient.js";
import { trainStructural } from "./train.js";

type TF = typeof import("@tensorflow/tfjs");

describe("research/mfg solvers", () => {
  let tf: TF;
  beforeAll(async () => {
    tf = (await loadTensorFlow({ backend: "wasm" })).tf;
  }, 60_000);

  it("replays the rollout's logits in the gradient pass (SPG, SPG+time, RSPG)", () => {
    const games = [makeGame("beach-bar-lite-b12"), makeGame("beach-bar-lite-b25")];
    const g = games[0]!;
    const shape = { nStates: g.nStates, nActions: g.actions.length, obsSize: 3, horizon: g.horizon };
    for (const method of ["spg", "spg-time", "rspg"] as const) {
      const net = makePolicyNet(tf, method, shape, { seed: 4 });
      const { paths, obs } = rolloutBatch(tf, net, games);
      const replay = tf.tidy(() => tf.softmax(net.sequence(tf.tensor3d(obs))).arraySync() as number[][][][]);
      paths.forEach((p, b) => {
        for (const t of [0, 14, 15, 29]) {
          const probs = p.probs[t]!;
          const again = replay[b]![t]!.flat();
          const gap = Math.max(...again.map((x, i) => Math.abs(x - probs[i]!)));
          expect(gap).toBeLessThan(1e-5);
        }
      });
      // Paths share the root nodes, so before the draw both paths of a game act alike.
      expect(Array.from(paths[0]!.probs[10]!)).toEqual(Array.from(paths[1]!.probs[10]!));
      for (const v of net.variables) v.dispose();
    }
  });

  it("sums per-path gradients into the tree gradient at shared nodes", () => {
    const game = makeGame("lq-lite");
    const net = makePolicyNet(tf, "rspg", { nStates: 41, nActions: 5, obsSize: 1, horizon: 30 }, { seed: 2 });
    const rollout = rolloutBatch(tf, net, [game]);
    const table = tablesOf(rollout).get(game.id)!;
    const tree = treeLogitGradient(game, flowOfTable(game, table), table);
    const [a, b] = rollout.paths.map((p) => pathLogitGradient(p));
    const SA = 41 * 5;
    const root = Array.from({ length: SA }, (_, i) => a![i]! + b![i]!);
    root.forEach((x, i) => {
      expect(x).toBeCloseTo(tree[0]![0]![i]!, 8);
    });
    // After the draw the paths differ: each one's gradient is its node's.
    for (let i = 0; i < SA; i++) expect(a![5 * SA + i]).toBeCloseTo(tree[5]![0]![i]!, 8);
    for (const v of net.variables) v.dispose();
  });

  it("lowers exact exploitability on LQ-lite in a few structural gradient steps", () => {
    const game = makeGame("lq-lite");
    const uniform = exploitability(game, uniformPolicy(game)).exploitability;
    const seen: number[] = [];
    const tensors = tf.memory().numTensors;
    const { tables, iterations } = trainStructural(tf, [game], {
      method: "rspg",
      lr: 1e-2,
      seed: 1,
      iterations: 16,
      checkpoint: {
        every: 8,
        run: (_i, _ms, t) => seen.push(exploitability(game, t.get(game.id)!).exploitability),
      },
    });
    expect(iterations).toBe(16);
    expect(seen).toHaveLength(2);
    const final = exploitability(game, tables.get(game.id)!).exploitability;
    expect(final).toBeLessThan(0.8 * uniform);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);
});
