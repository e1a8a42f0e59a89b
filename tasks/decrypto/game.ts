/**
 * One game of Decrypto: Alice (encoder) and Bob (decoder) against Eve (interceptor). Players are
 * called in turn order; Bob and Eve guess independently on the same public history. Everything
 * random (keywords, codes) comes from the seed, so a game replays exactly given the same players.
 */
import { ALL_CODES, sameCode } from "./codes.js";
import { drawKeywords } from "./keywords.js";
import { createRng, shuffle } from "./rng.js";
import {
  type Code,
  type Decoder,
  type Encoder,
  type EndCondition,
  type GameRecord,
  type Hints,
  type Interceptor,
  type Keywords,
  MAX_TURNS,
  NO_HINT,
  type PublicHistory,
  TOKENS_TO_LOSE,
  type TurnSummary,
} from "./types.js";

export interface TurnEvent {
  keywords: Keywords;
  /** The public history before the turn. */
  before: PublicHistory;
  summary: TurnSummary;
}

/** The moment after Alice's hints and before Eve's guess (where the official runner probes Eve). */
export interface BeforeInterceptEvent {
  keywords: Keywords;
  /** The public history before the turn: Eve has not seen this turn's result. */
  history: PublicHistory;
  hints: Hints;
}

export interface PlayGameOptions {
  seed: number;
  encoder: Encoder;
  decoder: Decoder;
  interceptor: Interceptor;
  /** Override the drawn keywords (tests, human replays). */
  keywords?: Keywords;
  /** Called once Alice has hinted, before Eve guesses (Bob guesses meanwhile). */
  beforeIntercept?: (event: BeforeInterceptEvent) => Promise<void> | void;
  /** Called after each turn is resolved. */
  onTurn?: (event: TurnEvent) => Promise<void> | void;
  signal?: AbortSignal;
}

/** The game's secret draws for a seed: keywords and the order of codes (never repeating). */
export function dealGame(seed: number, keywords?: Keywords): { keywords: Keywords; codes: Code[] } {
  const rng = createRng(seed);
  const drawn = drawKeywords(rng);
  return { keywords: keywords ?? drawn, codes: shuffle(rng, ALL_CODES).slice(0, MAX_TURNS) };
}

export function emptyHistory(): PublicHistory {
  return {
    turn: 1,
    miscommunications: 0,
    interceptions: 0,
    codes: [],
    hintsBySlot: [[], [], [], []],
    turns: [],
  };
}

function cloneHistory(h: PublicHistory): PublicHistory {
  return {
    turn: h.turn,
    miscommunications: h.miscommunications,
    interceptions: h.interceptions,
    codes: h.codes.slice(),
    hintsBySlot: [
      h.hintsBySlot[0].slice(),
      h.hintsBySlot[1].slice(),
      h.hintsBySlot[2].slice(),
      h.hintsBySlot[3].slice(),
    ],
    turns: h.turns.slice(),
  };
}

/** Hints must be three strings; anything else is replaced by "no_hint" so the game goes on. */
export function normaliseHints(hints: unknown): Hints {
  const list = Array.isArray(hints) ? hints : [];
  const pick = (i: number): string => {
    const h = list[i];
    return typeof h === "string" && h.trim() !== "" ? h.trim() : NO_HINT;
  };
  return [pick(0), pick(1), pick(2)];
}

export function endCondition(
  miscommunications: number,
  interceptions: number,
  turns: number,
): EndCondition | undefined {
  const m = miscommunications >= TOKENS_TO_LOSE;
  const i = interceptions >= TOKENS_TO_LOSE;
  if (m && i) return "both";
  if (m) return "miscommunication";
  if (i) return "interception";
  return turns >= MAX_TURNS ? "survived" : undefined;
}

export async function playGame(options: PlayGameOptions): Promise<GameRecord> {
  const { keywords, codes } = dealGame(options.seed, options.keywords);
  const history = emptyHistory();
  let end: EndCondition | undefined;
  for (const code of codes) {
    options.signal?.throwIfAborted();
    const before = cloneHistory(history);
    const { hints: rawHints } = await options.encoder.act({
      role: "encoder",
      keywords,
      code,
      history: cloneHistory(before),
    });
    const hints = normaliseHints(rawHints);
    const intercept = async () => {
      await options.beforeIntercept?.({ keywords, history: cloneHistory(before), hints });
      return options.interceptor.act({ role: "interceptor", hints, history: cloneHistory(before) });
    };
    const [bob, eve] = await Promise.all([
      options.decoder.act({ role: "decoder", keywords, hints, history: cloneHistory(before) }),
      intercept(),
    ]);
    const summary: TurnSummary = {
      turn: history.turn,
      code,
      hints,
      decoderGuess: bob.guess,
      interceptorGuess: eve.guess,
      miscommunication: !sameCode(bob.guess, code),
      interception: sameCode(eve.guess, code),
    };
    history.miscommunications += summary.miscommunication ? 1 : 0;
    history.interceptions += summary.interception ? 1 : 0;
    history.codes.push(code);
    code.forEach((digit, i) => {
      history.hintsBySlot[(digit - 1) as 0 | 1 | 2 | 3].push(hints[i as 0 | 1 | 2]);
    });
    history.turns.push(summary);
    await options.onTurn?.({ keywords, before, summary });
    end = endCondition(history.miscommunications, history.interceptions, history.turn);
    if (end !== undefined) break;
    history.turn += 1;
  }
  const endCond = end ?? "survived";
  return {
    seed: options.seed,
    keywords,
    turns: history.turns.length,
    miscommunications: history.miscommunications,
    interceptions: history.interceptions,
    endCondition: endCond,
    winner: endCond === "survived" ? "team" : "interceptor",
    log: history.turns,
  };
}
