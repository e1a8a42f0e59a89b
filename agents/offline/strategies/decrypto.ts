/**
 * Decrypto without a model, from the similarity tables the task puts in the input.
 *
 * Encoder. Each candidate word near a code digit's keyword gets a score:
 *   ownWeight·sim(own) − otherWeight·max sim(other keywords) − leakWeight·sim(slot's past hints)
 *   + decoyWeight·sim(other slots' past hints) − rankWeight·rank + noise·uniform,
 * where a word's "profile" is its similarity to the four keywords and past hints are compared
 * by profile (the input has no embeddings). The best `beam` words per digit form candidate
 * triples. Alice and Bob run this same program, so Alice replays Bob's decoder on each triple
 * (its similarity matrix is exactly the candidates' profiles) and keeps only triples Bob decodes
 * with a margin of at least `safetyMargin`; among those she maximises the summed word scores
 * minus eveWeight·max(0, m + eveSlack), m being the margin by which a model of Eve (see
 * eveMargin) would intercept. A slot's first hint uses openingOwnWeight instead of ownWeight.
 * With `eveWeight: 0` and `safetyMargin: 0` this is the plain per-digit choice.
 *
 * Decoder: digits from the hints × keywords matrix, skipping codes already played.
 * Everything is deterministic given Math.random (seeded by the host).
 */
import { decrypto as defaults } from "../params.js";
import type { TaskAgentContext } from "../types.js";

export type DecryptoParams = typeof defaults;

type Profile = readonly number[];

interface Candidate {
  word: string;
  similarity: number[];
}

function isCandidate(value: unknown): value is Candidate {
  if (typeof value !== "object" || value === null) return false;
  const c = value as { word?: unknown; similarity?: unknown };
  return (
    typeof c.word === "string" &&
    Array.isArray(c.similarity) &&
    c.similarity.every((s) => typeof s === "number" && Number.isFinite(s))
  );
}

function cosine(a: Profile, b: Profile): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function pastHints(history: unknown, slot: number): string[] {
  const bySlot = (history as { hintsBySlot?: unknown } | undefined)?.hintsBySlot;
  const hints = Array.isArray(bySlot) ? bySlot[slot] : undefined;
  return Array.isArray(hints) ? hints.filter((h): h is string => typeof h === "string") : [];
}

function playedCodes(history: unknown): Set<string> {
  const codes = (history as { codes?: unknown } | undefined)?.codes;
  return new Set(Array.isArray(codes) ? codes.map((c) => JSON.stringify(c)) : []);
}

const PERMUTATIONS: [number, number, number][] = [];
for (let a = 1; a <= 4; a++)
  for (let b = 1; b <= 4; b++)
    for (let c = 1; c <= 4; c++) if (a !== b && b !== c && a !== c) PERMUTATIONS.push([a, b, c]);
const PERMUTATION_KEYS = PERMUTATIONS.map((perm) => JSON.stringify(perm));

/** How one decoder rule scores a permutation of the 3 × 4 hints × keywords matrix. */
function permutationScore(rows: readonly Profile[], perm: readonly number[], rule: string): number {
  let score = 0;
  for (let j = 0; j < 3; j++) {
    const row = rows[j] ?? [];
    const value = row[perm[j]! - 1] ?? 0;
    if (rule === "greedy") {
      // Count the hints that sit on their own best keyword; similarity breaks ties.
      score += (value >= Math.max(...row, Number.NEGATIVE_INFINITY) ? 1 : 0) + 1e-3 * value;
    } else {
      score += value;
    }
  }
  return score;
}

/**
 * Bob's decision on a matrix: the best fresh permutation, and the gap between `target`'s score
 * and the best other permutation's (positive: Bob answers `target`).
 */
export function decodeMatrix(
  rows: readonly Profile[],
  played: ReadonlySet<string>,
  rule: string,
  target?: readonly number[],
): { guess: [number, number, number]; margin: number } {
  const targetKey = target === undefined ? "" : JSON.stringify(target);
  const anyFresh = PERMUTATION_KEYS.some((key) => !played.has(key));
  let best = PERMUTATIONS[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  let targetScore = Number.NEGATIVE_INFINITY;
  let otherBest = Number.NEGATIVE_INFINITY;
  for (const [i, perm] of PERMUTATIONS.entries()) {
    const key = PERMUTATION_KEYS[i]!;
    if (anyFresh && played.has(key)) continue;
    const score = permutationScore(rows, perm, rule);
    if (score > bestScore) {
      bestScore = score;
      best = perm;
    }
    if (key === targetKey) targetScore = score;
    else otherBest = Math.max(otherBest, score);
  }
  return { guess: best, margin: targetScore - otherBest };
}

/** Profiles as a stand-in for embeddings: keyword similarities, plus `sameList` for words near the same keyword. */
function pairSimilarity(a: Profile, b: Profile, sameList: boolean, residual: number): number {
  let dot = 0;
  for (let k = 0; k < 4; k++) dot += (a[k] ?? 0) * (b[k] ?? 0);
  return dot + (sameList ? residual : 0);
}

/**
 * A model of the embedding Eve: slot s is the normalised mean of its past hints, and a word's
 * similarity to a past hint is estimated from their profiles (see pairSimilarity: words near
 * the same keyword share more than their keyword similarities show). Eve picks the best total
 * assignment over all 24 codes (she does not skip played codes; an unhinted slot scores 0).
 * Returns how far the code's total is above the best other code's: positive means the model
 * expects an interception.
 */
export function eveMargin(
  rows: readonly { profile: Profile; lists: ReadonlySet<number> }[],
  past: readonly Profile[][],
  norms: readonly number[],
  code: readonly number[],
  residual: number,
): number {
  const sim = rows.map((h) =>
    past.map((hints, s) => {
      if (hints.length === 0) return 0;
      let total = 0;
      for (const q of hints) total += pairSimilarity(h.profile, q, h.lists.has(s), residual);
      return total / hints.length / (norms[s] ?? 1);
    }),
  );
  const codeKey = JSON.stringify(code);
  let target = Number.NEGATIVE_INFINITY;
  let other = Number.NEGATIVE_INFINITY;
  for (const [i, perm] of PERMUTATIONS.entries()) {
    const total = sim[0]![perm[0] - 1]! + sim[1]![perm[1] - 1]! + sim[2]![perm[2] - 1]!;
    if (PERMUTATION_KEYS[i] === codeKey) target = total;
    else other = Math.max(other, total);
  }
  return target - other;
}

/** Length of the mean of a slot's past hints (unit vectors), from their estimated pairwise similarities. */
export function meanNorm(hints: readonly Profile[], residual: number): number {
  if (hints.length === 0) return 1;
  let total = 0;
  for (const a of hints) for (const b of hints) total += a === b ? 1 : pairSimilarity(a, b, true, residual);
  return Math.sqrt(Math.max(total, 1e-6)) / hints.length;
}

interface Option {
  word: string;
  profile: Profile;
  score: number;
}

export function encode(
  input: { code?: unknown; candidates?: unknown; history?: unknown },
  p: DecryptoParams = defaults,
) {
  const code = input.code;
  const table = input.candidates;
  if (!Array.isArray(code) || code.length !== 3 || !Array.isArray(table)) {
    return { error: 'encoder input needs "code" (three digits) and "candidates" (four lists)' };
  }
  const digits = code.map((d) => Number(d));
  const lists = [0, 1, 2, 3].map((k) =>
    Array.isArray(table[k]) ? (table[k] as unknown[]).filter(isCandidate) : [],
  );
  // Every word's profile, whichever keyword's list it came from: past hints are found here.
  const profileOf = new Map<string, Profile>();
  for (const list of lists)
    for (const c of list) {
      const key = c.word.toLowerCase();
      if (!profileOf.has(key)) profileOf.set(key, c.similarity);
    }
  const pastProfiles = [0, 1, 2, 3].map((k) =>
    pastHints(input.history, k).flatMap((h) => {
      const found = profileOf.get(h.toLowerCase());
      return found ? [found] : [];
    }),
  );
  // Which keyword lists each word is in (a word between two keywords can be in both).
  const listsOf = new Map<string, Set<number>>();
  lists.forEach((list, k) => {
    for (const c of list) {
      const key = c.word.toLowerCase();
      const found = listsOf.get(key) ?? new Set<number>();
      found.add(k);
      listsOf.set(key, found);
    }
  });
  const norms = pastProfiles.map((hints) => meanNorm(hints, p.eveResidual));

  const pool = Math.max(1, Math.round(p.candidatePool));
  const options: Option[][] = digits.map((digit) => {
    const slot = digit - 1;
    const list = lists[slot] ?? [];
    const used = new Set(pastHints(input.history, slot).map((h) => h.toLowerCase()));
    const mine = pastProfiles[slot] ?? [];
    const others = [0, 1, 2, 3].filter((k) => k !== slot).flatMap((k) => pastProfiles[k] ?? []);
    const scored = list.slice(0, pool).flatMap((c, rank): Option[] => {
      if (used.has(c.word.toLowerCase())) return [];
      const own = c.similarity[slot] ?? 0;
      const other = Math.max(...c.similarity.filter((_, k) => k !== slot), -1);
      const leak = mine.length > 0 ? Math.max(...mine.map((q) => cosine(q, c.similarity))) : 0;
      // A decoy looks like another slot's past hints: Eve, who matches hints to slots by their
      // past hints, is misled, while Bob still sees the keyword.
      const decoy = others.length > 0 ? Math.max(...others.map((q) => cosine(q, c.similarity))) : 0;
      // A slot's first hint sets Eve's picture of it: a weakly related opening keeps that picture vague.
      const ownWeight = mine.length === 0 ? p.openingOwnWeight : p.ownWeight;
      const score =
        ownWeight * own -
        p.otherWeight * other -
        p.leakWeight * leak +
        p.decoyWeight * decoy -
        (p.rankWeight * rank) / 30 +
        p.noise * Math.random();
      return [{ word: c.word, profile: c.similarity, score }];
    });
    scored.sort((a, b) => b.score - a.score);
    // Every candidate used already: fall back to any unused word of the list, then to the first.
    if (scored.length === 0) {
      const spare = list.find((c) => !used.has(c.word.toLowerCase())) ?? list[0];
      return spare ? [{ word: spare.word, profile: spare.similarity, score: 0 }] : [];
    }
    return scored;
  });

  const beam = Math.max(1, Math.round(p.beam));
  const played = playedCodes(input.history);
  let best: { words: string[]; value: number } | undefined;
  let safest: { words: string[]; margin: number } | undefined;
  const [first = [], second = [], third = []] = options.map((list) => list.slice(0, beam));
  for (const a of first)
    for (const b of second) {
      if (b.word === a.word) continue;
      for (const c of third) {
        if (c.word === a.word || c.word === b.word) continue;
        const rows = [a.profile, b.profile, c.profile];
        const words = [a.word, b.word, c.word];
        const bob = decodeMatrix(rows, played, p.decoder, digits).margin;
        if (safest === undefined || bob > safest.margin) safest = { words, margin: bob };
        if (bob < p.safetyMargin) continue;
        const eve =
          p.eveWeight > 0
            ? eveMargin(
                [a, b, c].map((o) => ({
                  profile: o.profile,
                  lists: listsOf.get(o.word.toLowerCase()) ?? new Set<number>(),
                })),
                pastProfiles,
                norms,
                digits,
                p.eveResidual,
              )
            : 0;
        // Only a predicted interception (margin above -eveSlack) costs: once Eve is expected
        // to miss, a deeper miss is not worth weaker words.
        const value = a.score + b.score + c.score - p.eveWeight * Math.max(0, eve + p.eveSlack);
        if (best === undefined || value > best.value) best = { words, value };
      }
    }
  const chosen = best?.words ?? safest?.words;
  if (chosen) return { hints: chosen };
  // Too few distinct words to form a triple: take what there is, padded.
  return { hints: options.map((list, i) => list[0]?.word ?? `clue${i + 1}`) };
}

export function decode(input: { similarity?: unknown; history?: unknown }, p: DecryptoParams = defaults) {
  const sim = input.similarity;
  if (!Array.isArray(sim) || sim.length !== 3) return { guess: [1, 2, 3] };
  const rows = sim.map((row) =>
    [0, 1, 2, 3].map((k) => {
      const value = Array.isArray(row) ? row[k] : undefined;
      return typeof value === "number" && Number.isFinite(value) ? value : 0;
    }),
  );
  return { guess: decodeMatrix(rows, playedCodes(input.history), p.decoder).guess };
}

export function solveDecrypto(input: unknown, ctx: TaskAgentContext, p: DecryptoParams = defaults): unknown {
  const role = typeof input === "object" && input !== null ? (input as { role?: unknown }).role : undefined;
  if (role === "encoder") return encode(input as Parameters<typeof encode>[0], p);
  if (role === "decoder") return decode(input as Parameters<typeof decode>[0], p);
  ctx.log(`decrypto: unexpected role ${String(role)}`);
  return { error: `decrypto input must have role "encoder" or "decoder", got ${String(role)}` };
}
