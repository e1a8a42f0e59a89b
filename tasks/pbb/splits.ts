/**
 * Programming-by-Backprop splits: programs seen with input/output pairs (`withIo`) versus programs
 * seen as source only (`sourceOnly`), per program training inputs versus held-out inputs, and
 * held-out compositions of two base programs. All derived from one seed.
 */
import { deriveSeed, seededRandom, shuffled } from "../../sdk/internal/random.js";
import { randomWord } from "./ciphers.js";
import { nameGenerator } from "./names.js";
import { composeProgram, randomProgram } from "./programs.js";
import type { Program, Value } from "./types.js";

export interface SplitSizes {
  /** Programs trained on source and I/O (paper: 400). */
  withIo: number;
  /** Programs trained on source only; evaluated on their held-out inputs (paper: 100). */
  sourceOnly: number;
  /** Compositions of two base programs (same domain), never trained on. */
  compositions: number;
  /** Share of ciphers among base programs, per split (default 0.25). */
  cipherFraction?: number;
  /** Held-out inputs per program (default 20); the rest of 0–99 (or 80 words) are training inputs. */
  heldOutInputs?: number;
}

export interface PbbSplits {
  seed: number;
  withIo: Program[];
  sourceOnly: Program[];
  compositions: Program[];
  /** Per program id (compositions included): training inputs and disjoint held-out inputs. */
  inputs: Record<string, { train: Value[]; heldOut: Value[] }>;
}

export const DEFAULT_SIZES: Readonly<SplitSizes> = { withIo: 400, sourceOnly: 100, compositions: 50 };

const WORD_INPUTS = 100;

function splitInputs(program: Program, seed: number, heldOut: number): { train: Value[]; heldOut: Value[] } {
  const random = seededRandom(deriveSeed(seed, "pbb-inputs", program.id));
  let pool: Value[];
  if (program.domain === "number") {
    pool = shuffled(
      Array.from({ length: 100 }, (_, x) => x),
      random,
    );
  } else {
    const words = new Set<string>();
    while (words.size < WORD_INPUTS) words.add(randomWord(random));
    pool = [...words];
  }
  return { heldOut: pool.slice(0, heldOut), train: pool.slice(heldOut) };
}

function baseFamilies(size: number, fraction: number, random: () => number): ("arithmetic" | "cipher")[] {
  const ciphers = Math.round(size * fraction);
  const families = Array.from({ length: size }, (_, i): "arithmetic" | "cipher" =>
    i < ciphers ? "cipher" : "arithmetic",
  );
  return shuffled(families, random);
}

export function makeSplits(seed: number, sizes: SplitSizes = DEFAULT_SIZES): PbbSplits {
  const { withIo: nWithIo, sourceOnly: nSourceOnly, compositions: nCompositions } = sizes;
  for (const [label, n] of Object.entries({
    withIo: nWithIo,
    sourceOnly: nSourceOnly,
    compositions: nCompositions,
  })) {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`makeSplits: ${label} must be a count >= 0, not ${n}`);
  }
  const fraction = sizes.cipherFraction ?? 0.25;
  const heldOut = sizes.heldOutInputs ?? 20;
  if (heldOut < 1 || heldOut > 99)
    throw new RangeError(`makeSplits: heldOutInputs must be 1-99, not ${heldOut}`);
  const random = seededRandom(deriveSeed(seed, "pbb-programs"));
  const nextName = nameGenerator(seededRandom(deriveSeed(seed, "pbb-names")));
  const counters = { arithmetic: 0, cipher: 0 };
  const build = (family: "arithmetic" | "cipher"): Program => {
    const id = `${family === "arithmetic" ? "a" : "c"}${String(counters[family]++).padStart(3, "0")}`;
    return randomProgram(family, id, nextName(), random);
  };
  const withIo = baseFamilies(nWithIo, fraction, random).map(build);
  const sourceOnly = baseFamilies(nSourceOnly, fraction, random).map(build);
  const base = [...withIo, ...sourceOnly];
  const compositions: Program[] = [];
  for (let i = 0; i < nCompositions && base.length > 0; i++) {
    const inner = base[Math.floor(random() * base.length)]!;
    const sameDomain = base.filter((program) => program.domain === inner.domain && program !== inner);
    const outer = sameDomain.length > 0 ? sameDomain[Math.floor(random() * sameDomain.length)]! : inner;
    compositions.push(composeProgram(`k${String(i).padStart(3, "0")}`, nextName(), inner, outer));
  }
  const inputs: PbbSplits["inputs"] = {};
  for (const program of [...base, ...compositions]) inputs[program.id] = splitInputs(program, seed, heldOut);
  return { seed, withIo, sourceOnly, compositions, inputs };
}

/** Every program of the splits (base programs first), e.g. to look compositions' parts up by id. */
export function allPrograms(splits: PbbSplits): Program[] {
  return [...splits.withIo, ...splits.sourceOnly, ...splits.compositions];
}
