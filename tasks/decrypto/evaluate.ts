/**
 * Evaluating a model at Decrypto, as in the paper: the model plays Alice and Bob against the
 * embedding Eve, and Eve against the embedding Alice and Bob; the embedding self-play baseline is
 * reported beside them. Optional theory-of-mind probes run in the same games.
 */

import { UserError } from "../../sdk/errors.js";
import { createLimiter } from "../../sdk/llm/concurrency.js";
import type { ChatModel } from "../../sdk/llm/types.js";
import { type LoadEmbeddingsOptions, loadEmbeddings } from "./embedding-cache.js";
import type { Embeddings } from "./embeddings.js";
import { type BeforeInterceptEvent, playGame, type TurnEvent } from "./game.js";
import { type MatchupMetrics, matchupMetrics } from "./metrics.js";
import {
  createEmbeddingDecoder,
  createEmbeddingEncoder,
  createEmbeddingInterceptor,
} from "./players/embedding.js";
import {
  createModelDecoder,
  createModelEncoder,
  createModelInterceptor,
  type ModelEncoder,
  type ModelInterceptor,
  type PlayerStats,
} from "./players/model.js";
import {
  type FalseBeliefScores,
  type KeywordProbeRecord,
  type PerspectiveScores,
  type PredictionRecord,
  scoreFalseBelief,
  scorePerspectiveTaking,
} from "./tom.js";
import {
  type Decoder,
  type Encoder,
  type EndCondition,
  FAILED_GUESS,
  type GameRecord,
  type Guess,
  type Interceptor,
} from "./types.js";

/** Which match-ups the model plays: as Alice+Bob, as Eve, or both (default). */
export type DecryptoPairing = "team" | "interceptor" | "both";

export interface EvaluateDecryptoOptions {
  /** Without a model only the embedding self-play baseline is played. */
  model?: ChatModel;
  pairing?: DecryptoPairing;
  /** Games per seed (default 32). */
  games?: number;
  /** A count (seeds 0..n-1) or the seeds themselves (default 3). */
  seeds?: number | readonly number[];
  /** Play only the first N games of each match-up, in seed order (`eval --limit N`). */
  limit?: number;
  /** Run the theory-of-mind probes in the model's games (more model calls; default false). */
  tom?: boolean;
  /** Games played at once (default 4). */
  concurrency?: number;
  temperature?: number;
  embeddings?: Embeddings;
  embeddingOptions?: LoadEmbeddingsOptions;
  onProgress?: (progress: { matchup: string; done: number; total: number }) => void;
  signal?: AbortSignal;
}

export interface GameSummary {
  seed: number;
  turns: number;
  miscommunications: number;
  interceptions: number;
  endCondition: EndCondition;
}

export interface MatchupResult {
  name: "embedding-vs-embedding" | "model-team-vs-embedding" | "embedding-vs-model-interceptor";
  team: string;
  interceptor: string;
  metrics: MatchupMetrics;
  /** The model's protocol figures, when it played. */
  modelCalls?: PlayerStats;
  games: GameSummary[];
}

export interface DecryptoEvaluation {
  model: string | null;
  gamesPerSeed: number;
  /** Present when `limit` cut the games: at most this many per match-up. */
  limit?: number;
  seeds: number[];
  matchups: MatchupResult[];
  tom?: { falseBelief?: FalseBeliefScores; perspectiveTaking?: PerspectiveScores };
}

/** The game seed of game `g` under seed `s`: `s × games + g` (recorded with every game). */
export function gameSeed(seed: number, game: number, games: number): number {
  return seed * games + game;
}

/** Runs `fn` over the items, at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const limiter = createLimiter(Math.max(1, limit));
  await Promise.all(items.map((item) => limiter.run(() => fn(item))));
}

interface Lineup {
  encoder: Encoder;
  decoder: Decoder;
  interceptor: Interceptor;
  beforeIntercept?: (e: BeforeInterceptEvent) => Promise<void>;
  onTurn?: (e: TurnEvent) => Promise<void>;
}

function addStats(total: PlayerStats, s: PlayerStats): void {
  total.calls += s.calls;
  total.retries += s.retries;
  total.fallbacks += s.fallbacks;
}

export async function evaluateDecrypto(options: EvaluateDecryptoOptions = {}): Promise<DecryptoEvaluation> {
  const games = options.games ?? 32;
  const seeds =
    typeof options.seeds === "number" || options.seeds === undefined
      ? Array.from({ length: options.seeds ?? 3 }, (_, i) => i)
      : [...options.seeds];
  if (!Number.isInteger(games) || games < 1)
    throw new UserError(`games must be a positive integer, got ${games}`);
  if (seeds.length === 0) throw new UserError("seeds must name at least one seed");
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UserError(`limit must be a positive integer, got ${limit}`);
  const pairing = options.pairing ?? "both";
  const embeddings = options.embeddings ?? (await loadEmbeddings(options.embeddingOptions)).embeddings;
  const model = options.model;
  const modelOpts = (m: ChatModel) => ({
    model: m,
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const falseBelief: KeywordProbeRecord[] = [];
  const predictions: PredictionRecord[] = [];

  const runMatchup = async (
    name: MatchupResult["name"],
    lineup: (seed: number, stats: PlayerStats) => Lineup,
  ) => {
    const stats: PlayerStats = { calls: 0, retries: 0, fallbacks: 0 };
    const bySeed: GameRecord[][] = seeds.map(() => []);
    const jobs = seeds
      .flatMap((s, si) => Array.from({ length: games }, (_, g) => ({ si, seed: gameSeed(s, g, games) })))
      .slice(0, limit);
    let done = 0;
    let team = "";
    let eve = "";
    await pool(jobs, options.concurrency ?? 4, async ({ si, seed }) => {
      const l = lineup(seed, stats);
      team = l.encoder.name;
      eve = l.interceptor.name;
      const record = await playGame({
        seed,
        encoder: l.encoder,
        decoder: l.decoder,
        interceptor: l.interceptor,
        ...(l.beforeIntercept === undefined ? {} : { beforeIntercept: l.beforeIntercept }),
        ...(l.onTurn === undefined ? {} : { onTurn: l.onTurn }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      bySeed[si]?.push(record);
      options.onProgress?.({ matchup: name, done: ++done, total: jobs.length });
    });
    const result: MatchupResult = {
      name,
      team,
      interceptor: eve,
      metrics: matchupMetrics(bySeed),
      games: bySeed.flat().map((g) => ({
        seed: g.seed,
        turns: g.turns,
        miscommunications: g.miscommunications,
        interceptions: g.interceptions,
        endCondition: g.endCondition,
      })),
    };
    if (model !== undefined && name !== "embedding-vs-embedding") result.modelCalls = stats;
    return result;
  };

  const embTeam = (seed: number) => ({
    encoder: createEmbeddingEncoder({ embeddings, seed }),
    decoder: createEmbeddingDecoder({ embeddings, seed }),
  });
  const embEve = (seed: number) => createEmbeddingInterceptor({ embeddings, seed });

  const matchups: MatchupResult[] = [];
  matchups.push(
    await runMatchup("embedding-vs-embedding", (seed) => ({ ...embTeam(seed), interceptor: embEve(seed) })),
  );
  if (model !== undefined && pairing !== "interceptor") {
    matchups.push(
      await runMatchup("model-team-vs-embedding", (seed, stats) => {
        const encoder: ModelEncoder = createModelEncoder(modelOpts(model));
        const decoder = createModelDecoder(modelOpts(model));
        const lineup: Lineup = { encoder, decoder, interceptor: embEve(seed) };
        if (options.tom) {
          // Alice predicts once she has hinted, as in the official runner; scored once Eve guessed.
          let predicted: Guess = FAILED_GUESS;
          lineup.beforeIntercept = async () => {
            predicted = await encoder.predictInterceptorGuess();
          };
          lineup.onTurn = async ({ summary }) => {
            predictions.push({
              game: seed,
              predicted,
              interceptorGuess: summary.interceptorGuess,
              code: summary.code,
            });
          };
        }
        trackStats(stats, [encoder.stats, decoder.stats]);
        return lineup;
      }),
    );
  }
  if (model !== undefined && pairing !== "team") {
    matchups.push(
      await runMatchup("embedding-vs-model-interceptor", (seed, stats) => {
        const interceptor: ModelInterceptor = createModelInterceptor(modelOpts(model));
        const lineup: Lineup = { ...embTeam(seed), interceptor };
        if (options.tom) {
          // From turn 2, before Eve's guess, as in the official runner.
          lineup.beforeIntercept = async ({ keywords, history }) => {
            if (history.turn < 2) return;
            const probe = await interceptor.probeKeywords(keywords, history);
            falseBelief.push({ game: seed, truth: keywords, ...probe });
          };
        }
        trackStats(stats, [interceptor.stats]);
        return lineup;
      }),
    );
  }
  const evaluation: DecryptoEvaluation = { model: model?.id ?? null, gamesPerSeed: games, seeds, matchups };
  if (limit !== undefined && limit < games * seeds.length) evaluation.limit = limit;
  if (options.tom && model !== undefined) {
    evaluation.tom = {
      ...(pairing !== "interceptor" ? { perspectiveTaking: scorePerspectiveTaking(predictions) } : {}),
      ...(pairing !== "team" ? { falseBelief: scoreFalseBelief(falseBelief) } : {}),
    };
  }
  for (const m of matchups) if (m.modelCalls !== undefined) finaliseStats(m.modelCalls);
  return evaluation;
}

// Player stats objects are per game; the match-up's totals are summed lazily at the end.
const pending = new WeakMap<PlayerStats, PlayerStats[]>();
function trackStats(total: PlayerStats, parts: PlayerStats[]): void {
  pending.set(total, [...(pending.get(total) ?? []), ...parts]);
}
function finaliseStats(total: PlayerStats): void {
  for (const s of pending.get(total) ?? []) addStats(total, s);
  pending.delete(total);
}
