/**
 * Evaluating a model at Decrypto, as in the paper: the model plays Alice and Bob against the
 * embedding Eve, and Eve against the embedding Alice and Bob; the embedding self-play baseline is
 * reported beside them. Optional theory-of-mind probes run in the same games.
 */

import { UserError } from "../../sdk/errors.js";
import { createLimiter } from "../../sdk/llm/concurrency.js";
import type { ChatModel } from "../../sdk/llm/types.js";
import type { JsonValue, ModelEvaluation, TaskFigure } from "../task.js";
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
  MAX_TURNS,
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
      games: gameSummaries(bySeed),
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

const MATCHUP_ORDER: readonly MatchupResult["name"][] = [
  "embedding-vs-embedding",
  "model-team-vs-embedding",
  "embedding-vs-model-interceptor",
];

/** One game of a match-up, as `eval --model` logs it. */
interface GameSampleInput {
  matchup: MatchupResult["name"];
  game: number;
}

export interface DecryptoModelEvaluationOptions {
  embeddings?: Embeddings;
  embeddingOptions?: LoadEmbeddingsOptions;
  temperature?: number;
}

/** `--games`, `--pairing` and `--tom` of `hyperagents eval --task decrypto`, checked. */
function readOptions(options: { readonly [name: string]: JsonValue }): {
  games: number;
  pairing: DecryptoPairing;
  tom: boolean;
} {
  const games = options.games ?? 32;
  if (typeof games !== "number" || !Number.isInteger(games) || games < 1)
    throw new UserError(`games must be a positive integer, got ${JSON.stringify(games)}`);
  const pairing = options.pairing ?? "both";
  if (pairing !== "team" && pairing !== "interceptor" && pairing !== "both")
    throw new UserError(`unknown pairing ${JSON.stringify(pairing)}: use team, interceptor or both`);
  return { games, pairing, tom: options.tom === true };
}

/**
 * Decrypto's model evaluation through the Task contract: each sample is one game of one match-up
 * (the model as Alice and Bob against the embedding Eve, the model as Eve against the embedding
 * team) with the embedding self-play baseline as reference samples. The model's score for a game
 * is turns / 8 as the team and (8 − turns) / 7 as Eve; `summarise` gives the paper's figures per
 * match-up (turns, interceptions, miscommunications ± SEM over seeds) and the ToM probe scores.
 */
export function decryptoModelEvaluation(setup: DecryptoModelEvaluationOptions = {}): ModelEvaluation {
  let loaded: Promise<Embeddings> | undefined;
  const embeddingsOnce = () =>
    (loaded ??= setup.embeddings
      ? Promise.resolve(setup.embeddings)
      : loadEmbeddings(setup.embeddingOptions).then((result) => result.embeddings));
  return {
    options: [
      { name: "games", description: "games per seed (default 32)" },
      { name: "pairing", description: "team (model as Alice+Bob), interceptor (model as Eve) or both" },
      { name: "tom", description: "also run the theory-of-mind probes in the model's games" },
    ],
    async samples(request) {
      const { games, pairing } = readOptions(request.options);
      const seeds = Array.from({ length: request.seeds ?? 3 }, (_, i) => i);
      const names = MATCHUP_ORDER.filter((name) =>
        name === "embedding-vs-embedding"
          ? true
          : request.model !== null &&
            (name === "model-team-vs-embedding" ? pairing !== "interceptor" : pairing !== "team"),
      );
      // Load the embeddings now, so a missing cache is built once, before any game.
      await embeddingsOnce();
      return names.flatMap((matchup) =>
        seeds
          .flatMap((seed) =>
            Array.from({ length: games }, (_, g) => ({ seed, game: gameSeed(seed, g, games) })),
          )
          .slice(0, request.limit)
          .map(({ seed, game }) => ({
            split: "games",
            instance: `${matchup}/${game}`,
            seed,
            input: { matchup, game },
            ...(matchup === "embedding-vs-embedding" ? { reference: true } : {}),
          })),
      );
    },
    async run(sample, ctx) {
      const { tom } = readOptions(ctx.options);
      const { matchup, game } = sample.input as unknown as GameSampleInput;
      const embeddings = await embeddingsOnce();
      const modelOpts = {
        model: ctx.model,
        ...(setup.temperature === undefined ? {} : { temperature: setup.temperature }),
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      };
      const stats: PlayerStats[] = [];
      const predictions: PredictionRecord[] = [];
      const probes: KeywordProbeRecord[] = [];
      let lineup: Lineup;
      if (matchup === "model-team-vs-embedding") {
        const encoder = createModelEncoder(modelOpts);
        const decoder = createModelDecoder(modelOpts);
        lineup = { encoder, decoder, interceptor: createEmbeddingInterceptor({ embeddings, seed: game }) };
        stats.push(encoder.stats, decoder.stats);
        if (tom) {
          let predicted: Guess = FAILED_GUESS;
          lineup.beforeIntercept = async () => {
            predicted = await encoder.predictInterceptorGuess();
          };
          lineup.onTurn = async ({ summary }) => {
            predictions.push({
              game,
              predicted,
              interceptorGuess: summary.interceptorGuess,
              code: summary.code,
            });
          };
        }
      } else if (matchup === "embedding-vs-model-interceptor") {
        const interceptor = createModelInterceptor(modelOpts);
        lineup = {
          encoder: createEmbeddingEncoder({ embeddings, seed: game }),
          decoder: createEmbeddingDecoder({ embeddings, seed: game }),
          interceptor,
        };
        stats.push(interceptor.stats);
        if (tom) {
          lineup.beforeIntercept = async ({ keywords, history }) => {
            if (history.turn < 2) return;
            const probe = await interceptor.probeKeywords(keywords, history);
            probes.push({ game, truth: keywords, ...probe });
          };
        }
      } else {
        lineup = {
          encoder: createEmbeddingEncoder({ embeddings, seed: game }),
          decoder: createEmbeddingDecoder({ embeddings, seed: game }),
          interceptor: createEmbeddingInterceptor({ embeddings, seed: game }),
        };
      }
      const record = await playGame({
        seed: game,
        ...lineup,
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      });
      const total: PlayerStats = { calls: 0, retries: 0, fallbacks: 0 };
      for (const s of stats) addStats(total, s);
      const score =
        matchup === "embedding-vs-model-interceptor"
          ? (MAX_TURNS - record.turns) / (MAX_TURNS - 1)
          : record.turns / MAX_TURNS;
      return {
        score,
        answer: { turns: record.turns, endCondition: record.endCondition, winner: record.winner },
        details: asJson({
          matchup,
          team: lineup.encoder.name,
          interceptor: lineup.interceptor.name,
          game: record,
          ...(stats.length > 0 ? { modelCalls: total } : {}),
          ...(tom && predictions.length > 0 ? { predictions } : {}),
          ...(tom && probes.length > 0 ? { probes } : {}),
        }),
      };
    },
    summarise(samples, request) {
      const { games, pairing, tom } = readOptions(request.options);
      const seeds = Array.from({ length: request.seeds ?? 3 }, (_, i) => i);
      const played = samples.filter((sample) => sample.details !== null && sample.error === null);
      const predictions: PredictionRecord[] = [];
      const probes: KeywordProbeRecord[] = [];
      const matchups: MatchupResult[] = [];
      for (const name of MATCHUP_ORDER) {
        const own = played.filter((sample) => (sample.details as { matchup?: string }).matchup === name);
        if (own.length === 0) continue;
        const bySeed = seeds.map((seed) =>
          own
            .filter((sample) => sample.seed === seed)
            .map((sample) => (sample.details as unknown as { game: GameRecord }).game),
        );
        const first = own[0]!.details as unknown as { team: string; interceptor: string };
        const result: MatchupResult = {
          name,
          team: first.team,
          interceptor: first.interceptor,
          metrics: matchupMetrics(bySeed),
          games: gameSummaries(bySeed),
        };
        if (name !== "embedding-vs-embedding") {
          const calls: PlayerStats = { calls: 0, retries: 0, fallbacks: 0 };
          for (const sample of own) {
            const details = sample.details as unknown as {
              modelCalls?: PlayerStats;
              predictions?: PredictionRecord[];
              probes?: KeywordProbeRecord[];
            };
            if (details.modelCalls) addStats(calls, details.modelCalls);
            predictions.push(...(details.predictions ?? []));
            probes.push(...(details.probes ?? []));
          }
          result.modelCalls = calls;
        }
        matchups.push(result);
      }
      const evaluation: DecryptoEvaluation = {
        model: request.model?.id ?? null,
        gamesPerSeed: games,
        seeds,
        matchups,
      };
      if (request.limit !== undefined && request.limit < games * seeds.length)
        evaluation.limit = request.limit;
      if (tom && request.model !== null) {
        evaluation.tom = {
          ...(pairing !== "interceptor" ? { perspectiveTaking: scorePerspectiveTaking(predictions) } : {}),
          ...(pairing !== "team" ? { falseBelief: scoreFalseBelief(probes) } : {}),
        };
      }
      const figures: TaskFigure[] = matchups.map((m) => ({
        label: `${m.name} (${m.team} vs ${m.interceptor})`,
        value: m.metrics.turns.mean,
        unit: `turns/game ± ${m.metrics.turns.sem.toFixed(2)}, ${m.metrics.games} games`,
        extra: {
          interceptions: m.metrics.interceptions.mean,
          miscommunications: m.metrics.miscommunications.mean,
        },
        ...(m.name === "model-team-vs-embedding" ? { headline: true } : {}),
      }));
      const perspective = evaluation.tom?.perspectiveTaking;
      if (perspective)
        figures.push({ label: "ToM perspective taking", value: perspective.matchRate, unit: "match rate" });
      const falseBelief = evaluation.tom?.falseBelief;
      if (falseBelief)
        figures.push({
          label: "ToM false belief",
          value: falseBelief.strongFalseBelief,
          unit: "strong false belief",
        });
      return { figures, details: asJson(evaluation) };
    },
  };
}

/** A record of plain data as the JSON it is (the eval log stores it as such). */
function asJson(value: object): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
}

/** One summary per game of a match-up, as results.json and the eval log keep them. */
function gameSummaries(bySeed: readonly (readonly GameSummary[])[]): GameSummary[] {
  return bySeed.flat().map((g) => ({
    seed: g.seed,
    turns: g.turns,
    miscommunications: g.miscommunications,
    interceptions: g.interceptions,
    endCondition: g.endCondition,
  }));
}
