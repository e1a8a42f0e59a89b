/**
 * Small molecule-like 3-D point sets and their energy under an empirical potential, as in QM9's
 * regression targets: each row is a conformation (atom types and Cartesian positions), the label
 * its total energy. The potential is fixed across seeds: a Morse term for every pair of atoms (its
 * depth, stiffness and rest length set by the two atom types) plus a smaller many-body term that
 * depends on each atom's local density. Labels carry Gaussian noise of known size NOISE_SIGMA, so
 * the best achievable MAE is NOISE_SIGMA * sqrt(2 / pi).
 */
import { deriveSeed, seededRandom } from "../../../../sdk/internal/random.js";
import type { AirsSplits, Row } from "../../format.js";

export const ATOM_TYPES = 4;
export const NOISE_SIGMA = 0.05;
export const SIZES = { train: 4000, validation: 1000, test: 2000 } as const;

/** Morse parameters [depth, stiffness, rest length] for the pair (a, b), a <= b. */
const MORSE: Record<string, readonly [number, number, number]> = {
  "0-0": [0.15, 1.8, 1.55],
  "0-1": [0.45, 2.0, 1.2],
  "0-2": [0.35, 2.1, 1.15],
  "0-3": [0.3, 2.2, 1.1],
  "1-1": [1.0, 1.6, 1.5],
  "1-2": [0.9, 1.7, 1.45],
  "1-3": [0.8, 1.9, 1.4],
  "2-2": [0.6, 1.8, 1.4],
  "2-3": [0.5, 2.0, 1.35],
  "3-3": [0.25, 2.3, 1.3],
};
/** Many-body weight per atom type: energy += weight * sqrt(local density). */
const EMBEDDING = [-0.05, -0.3, -0.2, -0.12] as const;

function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function distance(p: readonly number[], q: readonly number[]): number {
  return Math.hypot((p[0] ?? 0) - (q[0] ?? 0), (p[1] ?? 0) - (q[1] ?? 0), (p[2] ?? 0) - (q[2] ?? 0));
}

/** The noiseless energy of a conformation. */
export function energy(atoms: readonly number[], positions: readonly (readonly number[])[]): number {
  let total = 0;
  const density = atoms.map(() => 0);
  for (let i = 0; i < atoms.length; i++) {
    for (let j = i + 1; j < atoms.length; j++) {
      const r = distance(positions[i] ?? [], positions[j] ?? []);
      const a = Math.min(atoms[i] ?? 0, atoms[j] ?? 0);
      const b = Math.max(atoms[i] ?? 0, atoms[j] ?? 0);
      const [depth, stiffness, rest] = MORSE[`${a}-${b}`] ?? [0, 0, 0];
      total += depth * ((1 - Math.exp(-stiffness * (r - rest))) ** 2 - 1);
      const overlap = Math.exp(-2 * (r - 1));
      density[i] = (density[i] ?? 0) + overlap;
      density[j] = (density[j] ?? 0) + overlap;
    }
  }
  atoms.forEach((type, i) => {
    total += (EMBEDDING[type] ?? 0) * Math.sqrt(density[i] ?? 0);
  });
  return total;
}

/** Grows a conformation atom by atom: each new atom bonds to a random earlier one, never too close to any. */
function conformation(random: () => number): { atoms: number[]; positions: number[][] } {
  const count = 5 + Math.floor(random() * 16);
  const atoms: number[] = [];
  const positions: number[][] = [];
  const weights = [0.35, 0.4, 0.13, 0.12];
  for (let i = 0; i < count; i++) {
    let pick = random();
    let type = 0;
    while (type < ATOM_TYPES - 1 && pick >= (weights[type] ?? 0)) pick -= weights[type++] ?? 0;
    let position = [0, 0, 0];
    for (let attempt = 0; i > 0 && attempt < 100; attempt++) {
      const parent = positions[Math.floor(random() * positions.length)] ?? [0, 0, 0];
      const direction = [gaussian(random), gaussian(random), gaussian(random)];
      const norm = Math.hypot(...direction) || 1;
      const length = 0.95 + 0.65 * random();
      position = parent.map((c, k) => Math.round((c + ((direction[k] ?? 0) / norm) * length) * 1e4) / 1e4);
      if (positions.every((q) => distance(position, q) >= 0.9)) break;
    }
    atoms.push(type);
    positions.push(position);
  }
  return { atoms, positions };
}

function molecules(seed: number, split: string, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const random = seededRandom(deriveSeed(seed, "molecule", split, i));
    const { atoms, positions } = conformation(random);
    const label = energy(atoms, positions) + NOISE_SIGMA * gaussian(random);
    return { mol_id: `${split}-${i}`, atoms, positions, energy: Math.round(label * 1e6) / 1e6 };
  });
}

export function generate(seed: number): AirsSplits {
  const testWithLabels = molecules(seed, "test", SIZES.test);
  return {
    train: molecules(seed, "train", SIZES.train),
    validation: molecules(seed, "validation", SIZES.validation),
    test: testWithLabels.map(({ energy: _label, ...inputs }) => inputs),
    testWithLabels,
  };
}
