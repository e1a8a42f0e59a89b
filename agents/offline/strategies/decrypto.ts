/**
 * Decrypto without a model, from the similarity tables the task puts in the input.
 * Encoder: for each code digit, the candidate word near that keyword that scores best on
 * ownWeight * sim(own) - otherWeight * max sim(other keywords) - leakWeight * sim(slot's past hints)
 * + decoyWeight * sim(other slots' past hints) (similarities of 4-keyword profiles),
 * never reusing a past hint of the slot. Decoder: digits from the hints x keywords matrix,
 * skipping codes already played in this game.
 */
import { decrypto as defaults } from "../params.js";
import type { TaskAgentContext } from "../types.js";

export type DecryptoParams = typeof defaults;

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
    c.similarity.every((s) => typeof s === "number")
  );
}

function cosine(a: readonly number[], b: readonly number[]): number {
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

export function encode(
  input: { code?: unknown; candidates?: unknown; history?: unknown },
  p: DecryptoParams = defaults,
) {
  const code = input.code;
  const table = input.candidates;
  if (!Array.isArray(code) || code.length !== 3 || !Array.isArray(table)) {
    return { error: 'encoder input needs "code" (three digits) and "candidates" (four lists)' };
  }
  const chosen: string[] = [];
  for (const digit of code) {
    const slot = Number(digit) - 1;
    const list = (Array.isArray(table[slot]) ? (table[slot] as unknown[]) : []).filter(isCandidate);
    const used = pastHints(input.history, slot);
    const usedLower = new Set(used.map((h) => h.toLowerCase()));
    // Earlier hints of each slot, as similarity profiles when they are among today's candidates.
    const pastProfiles = list.filter((c) => usedLower.has(c.word.toLowerCase())).map((c) => c.similarity);
    const otherProfiles = [0, 1, 2, 3]
      .filter((k) => k !== slot)
      .flatMap((k) => {
        const mine = new Set(pastHints(input.history, k).map((h) => h.toLowerCase()));
        const own = Array.isArray(table[k]) ? (table[k] as unknown[]).filter(isCandidate) : [];
        return own.filter((c) => mine.has(c.word.toLowerCase())).map((c) => c.similarity);
      });
    let best: Candidate | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const c of list.slice(0, Math.max(1, Math.round(p.candidatePool)))) {
      const lower = c.word.toLowerCase();
      if (usedLower.has(lower) || chosen.some((h) => h.toLowerCase() === lower)) continue;
      const own = c.similarity[slot] ?? 0;
      const other = Math.max(...c.similarity.filter((_, k) => k !== slot), -1);
      const leak =
        pastProfiles.length > 0 ? Math.max(...pastProfiles.map((q) => cosine(q, c.similarity))) : 0;
      // A decoy looks like another slot's past hints: Eve, who matches hints to slots by their
      // past hints, is misled, while Bob still sees the keyword.
      const decoy =
        otherProfiles.length > 0 ? Math.max(...otherProfiles.map((q) => cosine(q, c.similarity))) : 0;
      const score = p.ownWeight * own - p.otherWeight * other - p.leakWeight * leak + p.decoyWeight * decoy;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    // Every candidate used already: fall back to any unused word of the list, then to the first.
    const fallback = list.find((c) => !chosen.includes(c.word)) ?? list[0];
    chosen.push((best ?? fallback)?.word ?? `clue${chosen.length + 1}`);
  }
  return { hints: chosen };
}

const PERMUTATIONS: [number, number, number][] = [];
for (let a = 1; a <= 4; a++)
  for (let b = 1; b <= 4; b++)
    for (let c = 1; c <= 4; c++) if (a !== b && b !== c && a !== c) PERMUTATIONS.push([a, b, c]);

export function decode(input: { similarity?: unknown; history?: unknown }, p: DecryptoParams = defaults) {
  const sim = input.similarity;
  if (!Array.isArray(sim) || sim.length !== 3) return { guess: [1, 2, 3] };
  const at = (j: number, d: number) => {
    const row = sim[j];
    const value = Array.isArray(row) ? row[d - 1] : undefined;
    return typeof value === "number" && Number.isFinite(value) ? value : 0;
  };
  const codes = (input.history as { codes?: unknown } | undefined)?.codes;
  const played = new Set(Array.isArray(codes) ? codes.map((c) => JSON.stringify(c)) : []);
  const fresh = PERMUTATIONS.filter((perm) => !played.has(JSON.stringify(perm)));
  const pool = fresh.length > 0 ? fresh : PERMUTATIONS;
  let best = pool[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const perm of pool) {
    let score: number;
    if (p.decoder === "greedy") {
      // Greedy: count how many hints sit on their own best keyword, similarity breaks ties.
      score = 0;
      for (let j = 0; j < 3; j++) {
        const top = Math.max(at(j, 1), at(j, 2), at(j, 3), at(j, 4));
        score += (at(j, perm[j]!) >= top ? 1 : 0) + 1e-3 * at(j, perm[j]!);
      }
    } else {
      score = at(0, perm[0]) + at(1, perm[1]) + at(2, perm[2]);
    }
    if (score > bestScore) {
      bestScore = score;
      best = perm;
    }
  }
  return { guess: best };
}

export function solveDecrypto(input: unknown, ctx: TaskAgentContext): unknown {
  const role = typeof input === "object" && input !== null ? (input as { role?: unknown }).role : undefined;
  if (role === "encoder") return encode(input as Parameters<typeof encode>[0]);
  if (role === "decoder") return decode(input as Parameters<typeof decode>[0]);
  ctx.log(`decrypto: unexpected role ${String(role)}`);
  return { error: `decrypto input must have role "encoder" or "decoder", got ${String(role)}` };
}
