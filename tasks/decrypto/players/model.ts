/**
 * Model players: each role keeps its own multi-turn conversation with a ChatModel. A reply must
 * end with `ANSWER: {json}`; a malformed reply gets an error message back and another try, up
 * to `maxAttempts`; then the fallback (three "no_hint" hints, or the always-wrong guess 0-0-0).
 */
import type { ChatModel, Message } from "../../../sdk/llm/types.js";
import { type Parsed, parseGuessAnswer, parseHintsAnswer, parseKeywordsAnswer } from "../answer.js";
import {
  type Decoder,
  type Encoder,
  FAILED_GUESS,
  type Guess,
  type Hints,
  type Interceptor,
  type Keywords,
  NO_HINT,
  type PublicHistory,
} from "../types.js";
import {
  decoderTurn,
  describeHistory,
  encoderTurn,
  interceptorTurn,
  PROBE,
  systemPrompt,
} from "./prompts.js";

export interface ModelPlayerOptions {
  model: ChatModel;
  /** Default 0.6 (as in the paper); theory-of-mind probes use `probeTemperature` (default 0). */
  temperature?: number;
  probeTemperature?: number;
  maxTokens?: number;
  /** Tries per answer, the first included (default 10). */
  maxAttempts?: number;
  signal?: AbortSignal;
}

export interface PlayerStats {
  /** Model calls made (probes included). */
  calls: number;
  /** Malformed replies that were sent back for another try. */
  retries: number;
  /** Answers that fell back after maxAttempts malformed replies. */
  fallbacks: number;
}

export interface Conversation {
  readonly messages: Message[];
  readonly stats: PlayerStats;
}

/** Asks until the reply parses; failed attempts and the error messages stay in `messages`. */
async function ask<T>(
  options: ModelPlayerOptions,
  role: string,
  messages: Message[],
  stats: PlayerStats,
  prompt: string,
  parse: (text: string) => Parsed<T>,
  temperature: number,
): Promise<T | undefined> {
  messages.push({ role: "user", content: prompt });
  const attempts = options.maxAttempts ?? 10;
  for (let attempt = 0; attempt < attempts; attempt++) {
    stats.calls++;
    const response = await options.model.generate({
      system: systemPrompt(role as "encoder"),
      messages: messages.slice(),
      temperature,
      maxTokens: options.maxTokens ?? 750,
      metadata: { task: "decrypto", role },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    messages.push({ role: "assistant", content: response.text });
    const parsed = parse(response.text);
    if (parsed.ok) return parsed.value;
    if (attempt + 1 < attempts) {
      stats.retries++;
      messages.push({ role: "user", content: `${parsed.error} Please answer again.` });
    }
  }
  stats.fallbacks++;
  return undefined;
}

/**
 * A probe (a side question): asked on a fresh copy of `base`, never added to the game's
 * conversation; a malformed answer is asked again on a fresh copy, with no error in the context
 * (as the official runner does for its predictions).
 */
async function askAside<T>(
  options: ModelPlayerOptions,
  role: string,
  base: readonly Message[],
  stats: PlayerStats,
  prompt: string,
  parse: (text: string) => Parsed<T>,
  temperature: number,
): Promise<T | undefined> {
  const attempts = options.maxAttempts ?? 10;
  for (let attempt = 0; attempt < attempts; attempt++) {
    stats.calls++;
    const response = await options.model.generate({
      system: systemPrompt(role as "encoder"),
      messages: [...base, { role: "user", content: prompt }],
      temperature,
      maxTokens: options.maxTokens ?? 750,
      metadata: { task: "decrypto", role, probe: "true" },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const parsed = parse(response.text);
    if (parsed.ok) return parsed.value;
    if (attempt + 1 < attempts) stats.retries++;
  }
  stats.fallbacks++;
  return undefined;
}

function newStats(): PlayerStats {
  return { calls: 0, retries: 0, fallbacks: 0 };
}

/** A new game starts with an empty history: the conversation starts over. */
function resetIfNewGame(messages: Message[], history: PublicHistory): void {
  if (history.turn === 1) messages.length = 0;
}

export interface ModelEncoder extends Encoder, Conversation {
  /** Perspective taking: in a side conversation, Alice predicts Eve's guess for the last turn. */
  predictInterceptorGuess(): Promise<Guess>;
}

export function createModelEncoder(options: ModelPlayerOptions): ModelEncoder {
  const messages: Message[] = [];
  const stats = newStats();
  const temperature = options.temperature ?? 0.6;
  return {
    role: "encoder",
    name: options.model.id,
    messages,
    stats,
    async act({ keywords, code, history }) {
      resetIfNewGame(messages, history);
      const hints = await ask(
        options,
        "encoder",
        messages,
        stats,
        encoderTurn(keywords, code, history),
        (t) => parseHintsAnswer(t, keywords),
        temperature,
      );
      return { hints: hints ?? ([NO_HINT, NO_HINT, NO_HINT] as Hints) };
    },
    async predictInterceptorGuess() {
      const guess = await askAside(
        options,
        "encoder",
        messages,
        stats,
        PROBE.predictInterceptor,
        parseGuessAnswer,
        options.probeTemperature ?? 0,
      );
      return guess ?? FAILED_GUESS;
    },
  };
}

export function createModelDecoder(options: ModelPlayerOptions): Decoder & Conversation {
  const messages: Message[] = [];
  const stats = newStats();
  return {
    role: "decoder",
    name: options.model.id,
    messages,
    stats,
    async act({ keywords, hints, history }) {
      resetIfNewGame(messages, history);
      const guess = await ask(
        options,
        "decoder",
        messages,
        stats,
        decoderTurn(keywords, hints, history),
        parseGuessAnswer,
        options.temperature ?? 0.6,
      );
      return { guess: guess ?? FAILED_GUESS };
    },
  };
}

export type KeywordList = [string, string, string, string];

export interface KeywordProbe {
  /** Eve's guess of the keywords before the reveal. */
  vanilla: KeywordList;
  /** After the reveal: what she believed before it. */
  repChange: KeywordList;
  /** After the reveal: what an uninformed second interceptor would believe. */
  falseBelief: KeywordList;
}

export interface ModelInterceptor extends Interceptor, Conversation {
  /**
   * Representational change and false belief, asked before Eve guesses this turn: each of the
   * three questions on its own fresh copy of her conversation (no question sees another's answer,
   * nor her guess for this turn), with the public history in the question.
   */
  probeKeywords(truth: Keywords, history: PublicHistory): Promise<KeywordProbe>;
}

const NO_KEYWORDS: KeywordList = ["no_keyword", "no_keyword", "no_keyword", "no_keyword"];

export function createModelInterceptor(options: ModelPlayerOptions): ModelInterceptor {
  const messages: Message[] = [];
  const stats = newStats();
  const probeT = options.probeTemperature ?? 0;
  return {
    role: "interceptor",
    name: options.model.id,
    messages,
    stats,
    async act({ hints, history }) {
      resetIfNewGame(messages, history);
      const guess = await ask(
        options,
        "interceptor",
        messages,
        stats,
        interceptorTurn(hints, history),
        parseGuessAnswer,
        options.temperature ?? 0.6,
      );
      return { guess: guess ?? FAILED_GUESS };
    },
    async probeKeywords(truth, history) {
      const base = messages.slice();
      const question = (prompt: string) =>
        askAside(options, "interceptor", base, stats, prompt, parseKeywordsAnswer, probeT);
      const context = describeHistory(history);
      const vanilla = (await question(`${context}\n\n${PROBE.keywords}`)) ?? NO_KEYWORDS;
      const reveal = `${context}\n\n${PROBE.reveal(truth)}`;
      const repChange = (await question(`${reveal} ${PROBE.repChange}`)) ?? NO_KEYWORDS;
      const falseBelief = (await question(`${reveal} ${PROBE.falseBelief}`)) ?? NO_KEYWORDS;
      return { vanilla, repChange, falseBelief };
    },
  };
}
