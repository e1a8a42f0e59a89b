import { describe, expect, it } from "vitest";
import { bestResponsePolicy, exploitability, policyValues } from "./kit/exploitability.js";
import {
  childrenOf,
  flowOfTable,
  noisePaths,
  type PolicyTable,
  pushForward,
  uniformPolicy,
} from "./kit/flow.js";
import { type Game, makeGame, parseGameId } from "./kit/games.js";
import { seededRandom } from "./kit/random.js";
import { PolicyTableError, policiesFromRows, policyRows } from "./kit/table.js";
import { treeLogitGradient } from "./solvers/structural-gradient.js";

const IDS = ["lq", "lq-lite", "beach-bar-b40", "beach-bar-lite-b17"];

/** A random softmax policy table with logits of scale `scale`. */
function randomPolicy(game: Game, seed: number, scale = 2): PolicyTable {
  const random = seededRandom(seed);
  const A = game.actions.length;
  return uniformPolicy(game).map((nodes) =>
    nodes.map((probs) => {
      for (let s = 0; s < game.nStates; s++) {
        const logits = Array.from({ length: A }, () => scale * (random() - 0.5));
        const z = logits.reduce((sum, l) => sum + Math.exp(l), 0);
        logits.forEach((l, a) => {
          probs[s * A + a] = Math.exp(l) / z;
        });
      }
      return probs;
    }),
  );
}

/** The policy taking action index `a` everywhere. */
function constantPolicy(game: Game, a: number): PolicyTable {
  const A = game.actions.length;
  return uniformPolicy(game).map((nodes) => nodes.map((probs) => probs.map((_, i) => (i % A === a ? 1 : 0))));
}

describe("research/mfg kit", () => {
  it("keeps every pushed-forward distribution a distribution, on every node of every game", () => {
    for (const id of IDS) {
      const game = makeGame(id);
      const flow = flowOfTable(game, randomPolicy(game, 1));
      for (const nodes of flow.mu)
        for (const mu of nodes) {
          expect(Math.abs(mu.reduce((x, y) => x + y, 0) - 1)).toBeLessThan(1e-12);
          expect(Math.min(...mu)).toBeGreaterThanOrEqual(0);
        }
      // The beach bar's own state is never entered.
      if (game.spec.kind === "beach-bar")
        for (const nodes of flow.mu) for (const mu of nodes) expect(mu[game.spec.bar!]).toBe(0);
    }
  });

  it("builds the two-path noise trees of MFAX (LQ: drawn before step 0; beach bar: at step 15)", () => {
    const lq = makeGame("lq");
    expect(lq.nodes.map((n) => n.length)).toEqual([1, ...new Array(30).fill(2)]);
    expect(noisePaths(lq).map((p) => p.prob)).toEqual([0.5, 0.5]);
    const bar = makeGame("beach-bar-lite-b12");
    expect(bar.nodes.map((n) => n.map((node) => node.label).join())).toEqual([
      ...new Array(15).fill("root"),
      ...new Array(16).fill("open,closed"),
    ]);
    expect(childrenOf(bar)[14]).toEqual([[0, 1]]);
    // LQ: the common shock moves the whole population by ±5 before t = 8 and reverses after t = 20.
    const flowPlus = flowOfTable(lq, constantPolicy(lq, 3));
    const means = flowPlus.obs.map((nodes) => nodes.map((o) => (o[0] ?? 0) * 99));
    expect(means[1]![0]! - means[0]![0]!).toBeCloseTo(-5, 0);
    expect(means[1]![1]! - means[0]![0]!).toBeCloseTo(5, 0);
  });

  it("gives exploitability >= 0 for random policies, and 0 (to 1e-9) at solved equilibria", () => {
    for (const id of IDS) {
      const game = makeGame(id);
      for (const seed of [1, 2])
        expect(exploitability(game, randomPolicy(game, seed)).exploitability).toBeGreaterThan(1e-6);
    }
    // LQ with only the action cost: a = 0 is dominant whatever the population does.
    const quiet = makeGame({ kind: "lq", size: "lite", lq: { q: 0, kappa: 0, cTerm: 0 } });
    const still = constantPolicy(quiet, 2);
    expect(Math.abs(exploitability(quiet, still).exploitability)).toBeLessThan(1e-9);
    expect(exploitability(quiet, constantPolicy(quiet, 3)).exploitability).toBeGreaterThan(1);
    // The beach bar's reward ignores μ (as in MFAX), so a best response to any flow is an equilibrium.
    for (const id of ["beach-bar-b40", "beach-bar-lite-b17"]) {
      const game = makeGame(id);
      const best = bestResponsePolicy(game, flowOfTable(game, uniformPolicy(game)));
      expect(Math.abs(exploitability(game, best).exploitability)).toBeLessThan(1e-9);
    }
    // In LQ the population matters: a best response to uniform play is not an equilibrium.
    const lq = makeGame("lq-lite");
    const best = bestResponsePolicy(lq, flowOfTable(lq, uniformPolicy(lq)));
    expect(exploitability(lq, best).exploitability).toBeGreaterThan(1);
  });

  it("matches finite differences with the structural (frozen-flow) gradient of a tabular policy", () => {
    for (const id of ["lq-lite", "beach-bar-lite-b17"]) {
      const game = makeGame(id);
      const A = game.actions.length;
      const policy = randomPolicy(game, 5, 1);
      const flow = flowOfTable(game, policy);
      const grad = treeLogitGradient(game, flow, policy);
      const value = (table: PolicyTable) =>
        game.mu0.reduce((sum, m, s) => sum + m * (policyValues(game, flow, table).v[0]![0]![s] ?? 0), 0);
      const random = seededRandom(9);
      for (let k = 0; k < 6; k++) {
        const t = Math.floor(random() * game.horizon);
        const n = Math.floor(random() * (game.nodes[t]?.length ?? 1));
        const s = 5 + Math.floor(random() * 20);
        const a = Math.floor(random() * A);
        const shifted = (h: number) =>
          policy.map((nodes, tt) =>
            nodes.map((probs, nn) => {
              if (tt !== t || nn !== n) return probs;
              const copy = Float64Array.from(probs);
              const row = Array.from(
                copy.subarray(s * A, s * A + A),
                (p, b) => Math.log(p) + (b === a ? h : 0),
              );
              const z = row.reduce((sum, l) => sum + Math.exp(l), 0);
              row.forEach((l, b) => {
                copy[s * A + b] = Math.exp(l) / z;
              });
              return copy;
            }),
          );
        const h = 1e-5;
        const fd = (value(shifted(h)) - value(shifted(-h))) / (2 * h);
        const exact = grad[t]![n]![s * A + a]!;
        expect(Math.abs(fd - exact)).toBeLessThan(1e-6 * Math.max(1, Math.abs(exact)));
      }
    }
  });

  it("pushes mass along the kernel exactly (a one-state check by hand)", () => {
    const game = makeGame("beach-bar-lite-b20");
    const A = game.actions.length;
    const mu = new Float64Array(game.nStates);
    mu[18] = 1;
    const probs = new Float64Array(game.nStates * A);
    probs[18 * A + 6] = 1; // move +3 from 18: blocked beside the bar at 19, atoms ±2 cannot cross it
    const next = pushForward(mu, probs, game.kernel(0, 1, 1), A);
    expect(next[19]).toBeCloseTo(0.05 + 0.1 + 0.7, 12);
    expect(next[18]).toBeCloseTo(0.1, 12);
    expect(next[17]).toBeCloseTo(0.05, 12);
    expect(next[20]).toBe(0);
  });

  it("round-trips a policy through submission rows and names the first bad row", () => {
    const game = makeGame("lq-lite");
    const policy = randomPolicy(game, 3);
    const rows = policyRows(game, policy).map((row) => ({
      ...row,
      probs: JSON.stringify(row.probs),
      t: String(row.t),
    }));
    const back = policiesFromRows([game.id], rows).get(game.id)!;
    expect(
      Math.abs(exploitability(game, back).exploitability - exploitability(game, policy).exploitability),
    ).toBeLessThan(1e-3);
    const bad = (mutate: (r: typeof rows) => typeof rows) => () =>
      policiesFromRows([game.id], mutate(rows.map((r) => ({ ...r }))));
    expect(bad((r) => r.slice(1))).toThrow(/no row for \(lq-lite, t=0, root, state 0\)/);
    expect(bad((r) => [...r, r[0]!])).toThrow(/appears twice/);
    expect(bad((r) => r.map((x, i) => (i === 3 ? { ...x, probs: "[0.5,0.5]" } : x)))).toThrow(
      /row 4: probs must list 5/,
    );
    expect(bad((r) => r.map((x, i) => (i === 3 ? { ...x, probs: "[0.9,0.9,0,0,0]" } : x)))).toThrow(
      /sum to 1.8/,
    );
    expect(bad((r) => r.map((x, i) => (i === 3 ? { ...x, probs: "[1.5,-0.5,0,0,0]" } : x)))).toThrow(
      /non-negative/,
    );
    expect(bad((r) => r.map((x, i) => (i === 0 ? { ...x, noise: "z=+1" } : x)))).toThrow(
      /not a node of lq-lite at t=0/,
    );
    expect(bad((r) => r.map((x, i) => (i === 0 ? { ...x, game: "lq" } : x)))).toThrow(PolicyTableError);
    expect(() => parseGameId("beach-bar")).toThrow(/not a game id/);
    expect(() => makeGame("beach-bar-lite-b35")).toThrow(/outside \[10, 31\)/);
  });
});
