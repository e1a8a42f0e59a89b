/**
 * Molecule-like graphs with a penalised-logP-like property, as in ZINC: atoms of five types with
 * their usual valences, single and double bonds, rings closed over a random spanning tree. The
 * label is a fixed closed form over atom, bond, hydrogen and ring counts, a few local motifs and
 * the largest ring, plus Gaussian noise of known size NOISE_SIGMA (best MAE: NOISE_SIGMA * sqrt(2/pi)).
 */
import { deriveSeed, seededRandom } from "../../../../sdk/internal/random.js";
import type { AirsSplits, Row } from "../../format.js";
import { largestRing } from "./rings.js";

export const NOISE_SIGMA = 0.1;
export const SIZES = { train: 3000, validation: 750, test: 1250 } as const;

/** Valence of each atom type (C, N, O, F, S-like). */
export const VALENCE: readonly number[] = [4, 3, 2, 1, 2];
const TYPE_WEIGHTS = [0.62, 0.13, 0.15, 0.05, 0.05];
const ATOM_TERM = [0.22, -0.55, -0.4, 0.3, 0.65];
const RING_SIZES = [3, 4, 5, 5, 6, 6, 6, 7, 8];

export interface Graph {
  types: number[];
  /** Undirected bonds [u, v, order] with u < v. */
  bonds: [number, number, number][];
}

function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function pickType(random: () => number): number {
  let pick = random();
  let type = 0;
  while (type < TYPE_WEIGHTS.length - 1 && pick >= (TYPE_WEIGHTS[type] ?? 0))
    pick -= TYPE_WEIGHTS[type++] ?? 0;
  return type;
}

/** Free valence of every atom: its valence less the orders of its bonds (implicit hydrogens). */
export function freeValence(graph: Graph): number[] {
  const free: number[] = graph.types.map((t) => VALENCE[t] ?? 0);
  for (const [u, v, order] of graph.bonds) {
    free[u] = (free[u] ?? 0) - order;
    free[v] = (free[v] ?? 0) - order;
  }
  return free;
}

/** Bond distances from `start`, for closing a ring of a chosen size. */
function distances(neighbours: readonly number[][], start: number): number[] {
  const dist = neighbours.map(() => -1);
  dist[start] = 0;
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head] ?? 0;
    for (const v of neighbours[u] ?? []) {
      if (dist[v] !== -1) continue;
      dist[v] = (dist[u] ?? 0) + 1;
      queue.push(v);
    }
  }
  return dist;
}

/** A random spanning tree that respects valences, then a few ring closures, then double bonds. */
export function randomGraph(random: () => number): Graph {
  const target = 9 + Math.floor(random() * 22);
  const graph: Graph = { types: [0], bonds: [] };
  const free: number[] = [VALENCE[0] ?? 4];
  const neighbours: number[][] = [[]];
  const bond = (u: number, v: number) => {
    graph.bonds.push([Math.min(u, v), Math.max(u, v), 1]);
    free[u] = (free[u] ?? 0) - 1;
    free[v] = (free[v] ?? 0) - 1;
    neighbours[u]?.push(v);
    neighbours[v]?.push(u);
  };
  for (let i = 1; i < target; i++) {
    const open = free.flatMap((f, j) => ((f ?? 0) > 0 ? [j] : []));
    if (open.length === 0) break;
    const type = pickType(random);
    graph.types.push(type);
    free.push(VALENCE[type] ?? 0);
    neighbours.push([]);
    bond(open[Math.floor(random() * open.length)] ?? 0, i);
  }
  const rings = Math.floor(random() * 4);
  for (let r = 0; r < rings; r++) {
    const size = RING_SIZES[Math.floor(random() * RING_SIZES.length)] ?? 6;
    const u = Math.floor(random() * graph.types.length);
    const dist = distances(neighbours, u);
    const partners = dist.flatMap((d, v) => (d === size - 1 && (free[v] ?? 0) > 0 ? [v] : []));
    const v = partners[Math.floor(random() * partners.length)];
    if ((free[u] ?? 0) > 0 && v !== undefined) bond(u, v);
  }
  for (const b of graph.bonds) {
    if ((free[b[0]] ?? 0) > 0 && (free[b[1]] ?? 0) > 0 && random() < 0.2) {
      b[2] = 2;
      free[b[0]] = (free[b[0]] ?? 0) - 1;
      free[b[1]] = (free[b[1]] ?? 0) - 1;
    }
  }
  return graph;
}

/** The noiseless property: atom, hydrogen, bond and ring terms, two motifs, a size term, the largest-ring penalty. */
export function property(graph: Graph): number {
  const free = freeValence(graph);
  const degree = graph.types.map(() => 0);
  let value = 0;
  for (const [u, v, order] of graph.bonds) {
    degree[u] = (degree[u] ?? 0) + 1;
    degree[v] = (degree[v] ?? 0) + 1;
    if (order === 2) value -= 0.2;
    const pair = [graph.types[u], graph.types[v]].sort().join("");
    if (order === 2 && pair === "02") value -= 0.45; // carbonyl
    if (order === 1 && pair === "12") value += 0.25; // N-O single bond
  }
  graph.types.forEach((t, i) => {
    value += ATOM_TERM[t] ?? 0;
    if (t === 0) value += 0.1 * (free[i] ?? 0);
    if (t === 1 && (free[i] ?? 0) > 0) value -= 0.3; // N-H
    if ((degree[i] ?? 0) >= 3) value -= 0.15; // branch point
  });
  const cycles = graph.bonds.length - graph.types.length + 1;
  value -= 0.35 * cycles;
  value -= 0.6 * Math.max(0, largestRing(graph.types.length, graph.bonds) - 6);
  value -= 0.008 * (graph.types.length - 18) ** 2;
  return value;
}

function toRow(id: string, graph: Graph): Row {
  const src: number[] = [];
  const dst: number[] = [];
  const edgeAttr: number[][] = [];
  for (const [u, v, order] of graph.bonds) {
    src.push(u, v);
    dst.push(v, u);
    edgeAttr.push([order], [order]);
  }
  return {
    graph_id: id,
    node_feat: graph.types.map((t) => [t]),
    edge_index: [src, dst],
    edge_attr: edgeAttr,
    num_nodes: graph.types.length,
  };
}

function graphs(seed: number, split: string, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const random = seededRandom(deriveSeed(seed, "graph", split, i));
    const graph = randomGraph(random);
    const y = property(graph) + NOISE_SIGMA * gaussian(random);
    return { ...toRow(`${split}-${i}`, graph), y: Math.round(y * 1e6) / 1e6 };
  });
}

export function generate(seed: number): AirsSplits {
  const testWithLabels = graphs(seed, "test", SIZES.test);
  return {
    train: graphs(seed, "train", SIZES.train),
    validation: graphs(seed, "validation", SIZES.validation),
    test: testWithLabels.map(({ y: _label, ...inputs }) => inputs),
    testWithLabels,
  };
}
