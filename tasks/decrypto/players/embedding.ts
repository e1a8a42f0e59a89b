/**
 * The word-embedding baselines of the Decrypto paper, on our WordNet embeddings:
 * - encoder: for each digit, a hint among the top-k neighbours of its keyword that is closer to
 *   that keyword than to the other three; k starts at 16 and grows by one each time the slot is
 *   hinted, and a slot never repeats a hint, so hints vary;
 * - decoder: hints × keywords cosine matrix, maximum-total-similarity assignment (Hungarian);
 * - interceptor: each slot is the mean embedding of its past hints (similarity 0 for an empty
 *   slot), Hungarian assignment; a random code on the first turn.
 * All three are stateless (everything comes from the observation) and seeded.
 */
import { ALL_CODES } from "../codes.js";
import { dot, type Embeddings, embedText, nearest, normalise, sharesStem } from "../embeddings.js";
import { assignBySimilarity } from "../hungarian.js";
import { createRng, mixSeed, randomInt, shuffle } from "../rng.js";
import type { Decoder, Encoder, Guess, Hints, Interceptor, Keywords } from "../types.js";

export interface EmbeddingPlayerOptions {
  embeddings: Embeddings;
  seed?: number;
  /** Initial neighbourhood size of the encoder (16 in the paper). */
  k?: number;
}

function hashText(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Whether a word may be a hint for this game: not a keyword, sharing no stem with one. */
export function allowedHint(word: string, keywords: Keywords): boolean {
  return !keywords.some((k) => sharesStem(word, k));
}

export function chooseHint(
  e: Embeddings,
  keywords: Keywords,
  slot: number,
  used: readonly string[],
  k: number,
  rng: () => number,
): string {
  const vectors = keywords.map((w) => embedText(e, w));
  const own = vectors[slot] as Float32Array;
  const usedSet = new Set(used.map((u) => u.toLowerCase()));
  const exclude = (w: string) => usedSet.has(w) || !allowedHint(w, keywords);
  const top = nearest(e, own, k, exclude);
  for (const c of shuffle(rng, top)) {
    const v = embedText(e, c.word);
    const s = dot(v, own);
    if (vectors.every((other, i) => i === slot || dot(v, other) < s)) return c.word;
  }
  const fallback = top.length > 0 ? top.slice(0, 16) : [];
  if (fallback.length > 0) return (fallback[randomInt(rng, fallback.length)] as { word: string }).word;
  for (;;) {
    const w = e.words[randomInt(rng, e.words.length)] as string;
    if (!exclude(w)) return w;
  }
}

export function createEmbeddingEncoder(options: EmbeddingPlayerOptions): Encoder {
  const k0 = options.k ?? 16;
  const seed = options.seed ?? 0;
  return {
    role: "encoder",
    name: "embedding",
    async act({ keywords, code, history }) {
      const rng = createRng(mixSeed(seed, hashText(keywords.join(" ")), history.turn));
      const hints = code.map((digit) => {
        const used = history.hintsBySlot[digit - 1] ?? [];
        return chooseHint(options.embeddings, keywords, digit - 1, used, k0 + used.length, rng);
      });
      return { hints: hints as unknown as Hints };
    },
  };
}

/** Cosine similarity of each hint (row) to each keyword (column). */
export function similarityMatrix(
  e: Embeddings,
  hints: readonly string[],
  targets: readonly string[],
): number[][] {
  const tv = targets.map((t) => embedText(e, t));
  return hints.map((h) => {
    const hv = embedText(e, h);
    return tv.map((v) => dot(hv, v));
  });
}

function assignmentToGuess(assignment: number[]): Guess {
  return [(assignment[0] ?? -1) + 1, (assignment[1] ?? -1) + 1, (assignment[2] ?? -1) + 1];
}

export function createEmbeddingDecoder(options: EmbeddingPlayerOptions): Decoder {
  return {
    role: "decoder",
    name: "embedding",
    async act({ keywords, hints }) {
      return {
        guess: assignmentToGuess(assignBySimilarity(similarityMatrix(options.embeddings, hints, keywords))),
      };
    },
  };
}

export function createEmbeddingInterceptor(options: EmbeddingPlayerOptions): Interceptor {
  const seed = options.seed ?? 0;
  const e = options.embeddings;
  return {
    role: "interceptor",
    name: "embedding",
    async act({ hints, history }) {
      if (history.hintsBySlot.every((slot) => slot.length === 0)) {
        const rng = createRng(mixSeed(seed, hashText(hints.join(" "))));
        return { guess: ALL_CODES[randomInt(rng, ALL_CODES.length)] as Guess };
      }
      const slots = history.hintsBySlot.map((past) => {
        if (past.length === 0) return undefined;
        const mean = new Float32Array(e.dim);
        for (const h of past) {
          const v = embedText(e, h);
          for (let d = 0; d < e.dim; d++) mean[d] = (mean[d] ?? 0) + (v[d] ?? 0);
        }
        return normalise(mean);
      });
      const sim = hints.map((h) => {
        const hv = embedText(e, h);
        return slots.map((s) => (s === undefined ? 0 : dot(hv, s)));
      });
      return { guess: assignmentToGuess(assignBySimilarity(sim)) };
    },
  };
}

/** For the evolved task agent: per keyword, candidate hints with their similarity to all four keywords. */
export function hintCandidates(
  e: Embeddings,
  keywords: Keywords,
  count = 30,
): { word: string; similarity: [number, number, number, number] }[][] {
  const vectors = keywords.map((w) => embedText(e, w));
  return vectors.map((own) =>
    nearest(e, own, count, (w) => !allowedHint(w, keywords)).map(({ word }) => {
      const v = embedText(e, word);
      const s = vectors.map((kv) => Math.round(dot(v, kv) * 1000) / 1000);
      return { word, similarity: s as [number, number, number, number] };
    }),
  );
}
