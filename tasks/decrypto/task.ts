/**
 * Decrypto as an evolution domain: the candidate's task agent plays Alice and Bob (called once
 * per turn) against a fixed pool of Eves: the embedding interceptor, plus a model interceptor
 * when the evaluator is given a model. Score: fraction of the 8 turns survived, averaged over
 * the instance's games. The agent never sees the game seed (it would reveal the codes).
 */
import type { AgentFn, EvaluateContext, Evaluation, JsonValue, Split, Task, TaskInstance } from "../task.js";
import { parseGuess } from "./codes.js";
import { type LoadEmbeddingsOptions, loadEmbeddings } from "./embedding-cache.js";
import type { Embeddings } from "./embeddings.js";
import { normaliseHints, playGame } from "./game.js";
import { createEmbeddingInterceptor, hintCandidates, similarityMatrix } from "./players/embedding.js";
import { createModelInterceptor } from "./players/model.js";
import { mixSeed } from "./rng.js";
import { DECRYPTO_INSTANCES } from "./splits.js";
import {
  type Decoder,
  type Encoder,
  FAILED_GUESS,
  type Guess,
  type Interceptor,
  MAX_TURNS,
  NO_HINT,
  type PublicHistory,
} from "./types.js";

export const DECRYPTO_DESCRIPTION = `Decrypto (cooperative side): you play Alice (encoder) and Bob (decoder) against Eve (interceptor).
Four secret keywords are numbered 1-4; Eve never sees them. Each turn a secret code of three distinct digits 1-4 is drawn (never repeated in a game).
Alice gives three hints (one or two words each), one per code digit, in code order; a hint may not be a keyword or share its stem. Bob (keywords + hints + public history) and Eve (hints + public history) guess the code independently.
A wrong Bob guess gives a miscommunication token; a right Eve guess gives an interception token. Eve wins when either count reaches 2; you survive after 8 turns.
Every hint becomes public under its keyword number once the code is revealed, so vary hints: Eve matches new hints to the mean of each slot's past hints.
Score: fraction of the 8 turns survived, averaged over the instance's games (1 = survived every game).

Your solve(input) is called once per turn per role. Input (JSON):
  encoder: { "role": "encoder", "keywords": [k1,k2,k3,k4], "code": [d1,d2,d3], "history": H,
             "candidates": [[{ "word": string, "similarity": [s1,s2,s3,s4] }, ...30 per keyword], x4] }
    candidates[i] are words near keyword i+1 (best first) with their cosine similarity to each of the four keywords
    (WordNet embeddings; keywords and words sharing their stem already removed).
  decoder: { "role": "decoder", "keywords": [k1,k2,k3,k4], "hints": [h1,h2,h3], "history": H,
             "similarity": [[s11,s12,s13,s14], x3] }   similarity[j][i] = cosine of hint j+1 to keyword i+1 (0 if unknown).
  H (public history): { "turn": n (1-based, about to be played), "miscommunications": n, "interceptions": n,
    "codes": [[d,d,d], ...] past codes, "hintsBySlot": [[hints for keyword 1], ..x4],
    "turns": [{ "turn", "code", "hints", "decoderGuess", "interceptorGuess", "miscommunication", "interception" }, ...] }
Output: encoder -> { "hints": [h1,h2,h3] } (strings); decoder -> { "guess": "X-Y-Z" } or { "guess": [X,Y,Z] } (digits 1-4).
An invalid reply counts as hints "no_hint" or guess 0-0-0 (always a miscommunication).`;

export interface DecryptoTaskOptions {
  /** Games per instance against each Eve of the pool (default 2). */
  gamesPerInstance?: number;
  /** Instances per split (default train 24, val 12, test 24). */
  instances?: Partial<Record<Split, number>>;
  /** Candidate hints per keyword given to the encoder (default 30). */
  candidates?: number;
  embeddings?: () => Promise<Embeddings>;
  embeddingOptions?: LoadEmbeddingsOptions;
}

const SPLIT_BASE: Record<Split, number> = { train: 100_000, val: 200_000, test: 300_000 };

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function historyJson(h: PublicHistory): JsonValue {
  return toJson(h);
}

function readGuess(value: unknown): Guess {
  if (typeof value !== "object" || value === null) return FAILED_GUESS;
  const raw = (value as { guess?: unknown }).guess;
  const g =
    typeof raw === "string" ? parseGuess(raw) : Array.isArray(raw) ? parseGuess(raw.join("-")) : undefined;
  return g ?? FAILED_GUESS;
}

interface CallLog {
  calls: number;
  failures: number;
  errors: string[];
}

function agentTeam(
  agent: AgentFn,
  e: Embeddings,
  count: number,
  log: CallLog,
): { encoder: Encoder; decoder: Decoder } {
  const errors = log.errors;
  const call = async (input: JsonValue) => {
    log.calls++;
    const reply = await agent(input);
    if (!reply.ok) log.failures++;
    return reply;
  };
  const encoder: Encoder = {
    role: "encoder",
    name: "candidate",
    async act({ keywords, code, history }) {
      const reply = await call(
        toJson({
          role: "encoder",
          keywords,
          code,
          history: historyJson(history),
          candidates: hintCandidates(e, keywords, count),
        }),
      );
      if (!reply.ok) errors.push(`encoder: ${reply.error}`);
      const raw =
        reply.ok && typeof reply.value === "object" && reply.value !== null
          ? (reply.value as { hints?: unknown }).hints
          : undefined;
      const hints = normaliseHints(raw);
      if (reply.ok && hints.includes(NO_HINT)) errors.push("encoder: the reply had no three non-empty hints");
      return { hints };
    },
  };
  const decoder: Decoder = {
    role: "decoder",
    name: "candidate",
    async act({ keywords, hints, history }) {
      const sim = similarityMatrix(e, hints, keywords).map((row) =>
        row.map((s) => Math.round(s * 1000) / 1000),
      );
      const reply = await call(
        toJson({ role: "decoder", keywords, hints, history: historyJson(history), similarity: sim }),
      );
      if (!reply.ok) errors.push(`decoder: ${reply.error}`);
      const guess = reply.ok ? readGuess(reply.value) : FAILED_GUESS;
      if (reply.ok && guess === FAILED_GUESS) errors.push("decoder: the reply had no valid guess");
      return { guess };
    },
  };
  return { encoder, decoder };
}

export function createDecryptoTask(options: DecryptoTaskOptions = {}): Task {
  const perInstance = options.gamesPerInstance ?? 2;
  const counts: Record<Split, number> = { ...DECRYPTO_INSTANCES, ...options.instances };
  const getEmbeddings =
    options.embeddings ?? (async () => (await loadEmbeddings(options.embeddingOptions)).embeddings);
  return {
    id: "decrypto",
    description: DECRYPTO_DESCRIPTION,
    splits: ["train", "val", "test"],
    stageSize: 6,
    async instances(split) {
      return Array.from(
        { length: counts[split] },
        (_, i): TaskInstance => ({
          id: `${split}-${i}`,
          input: { game: "decrypto", role: "encoder+decoder", games: perInstance },
          hidden: { seed: SPLIT_BASE[split] + i },
        }),
      );
    },
    async evaluate(instance: TaskInstance, ctx: EvaluateContext): Promise<Evaluation> {
      const hidden = instance.hidden as { seed?: unknown } | undefined;
      const base = typeof hidden?.seed === "number" ? hidden.seed : ctx.seed;
      const e = await getEmbeddings();
      const eves: ((seed: number) => Interceptor)[] = [
        (seed) => createEmbeddingInterceptor({ embeddings: e, seed }),
      ];
      const model = ctx.model;
      if (model !== undefined) {
        eves.push(() =>
          createModelInterceptor({ model, ...(ctx.signal === undefined ? {} : { signal: ctx.signal }) }),
        );
      }
      const log: CallLog = { calls: 0, failures: 0, errors: [] };
      const errors = log.errors;
      const games: JsonValue[] = [];
      let total = 0;
      let played = 0;
      for (const [eveIndex, makeEve] of eves.entries()) {
        for (let g = 0; g < perInstance; g++) {
          const seed = mixSeed(base, eveIndex, g);
          const interceptor = makeEve(seed);
          const record = await playGame({
            seed,
            ...agentTeam(ctx.agent, e, options.candidates ?? 30, log),
            interceptor,
            ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
          });
          // A game lost on turn t survived t-1 turns; surviving all 8 scores 1.
          const survived = record.endCondition === "survived" ? MAX_TURNS : record.turns - 1;
          total += survived / MAX_TURNS;
          played++;
          games.push({
            interceptor: interceptor.name,
            turns: record.turns,
            endCondition: record.endCondition,
            miscommunications: record.miscommunications,
            interceptions: record.interceptions,
          });
        }
      }
      if (log.calls > 0 && log.failures === log.calls) {
        return {
          score: 0,
          error: `every call of the agent failed: ${errors[0] ?? "unknown error"}`,
          details: { games },
        };
      }
      const evaluation: Evaluation = { score: played === 0 ? 0 : total / played, details: { games } };
      if (errors.length > 0) {
        evaluation.details = { games, agentErrors: errors.slice(0, 10), agentErrorCount: errors.length };
      }
      return evaluation;
    },
  };
}

/** The bundled task (id "decrypto"), with the default cached embeddings. */
export const decryptoTask: Task = createDecryptoTask();
