/** Decrypto's vocabulary: codes, guesses, the public history, observations, actions and players. */

export type Digit = 1 | 2 | 3 | 4;
/** The secret code: three distinct digits, keyword i <-> digit i. */
export type Code = readonly [Digit, Digit, Digit];
/** A guess: three digits 1–4, or 0 where a player failed to answer (0-0-0 is always wrong). */
export type Guess = readonly [number, number, number];
export type Keywords = readonly [string, string, string, string];
export type Hints = readonly [string, string, string];

export type Role = "encoder" | "decoder" | "interceptor";

export interface TurnSummary {
  /** 1-based turn number. */
  turn: number;
  code: Code;
  hints: Hints;
  decoderGuess: Guess;
  interceptorGuess: Guess;
  miscommunication: boolean;
  interception: boolean;
}

/** What everyone (Eve included) knows before a turn. */
export interface PublicHistory {
  /** The turn about to be played, 1-based. */
  turn: number;
  miscommunications: number;
  interceptions: number;
  /** Revealed codes of past turns, in order. */
  codes: Code[];
  /** Past hints grouped per keyword slot: hintsBySlot[i] are the hints given for keyword i+1. */
  hintsBySlot: [string[], string[], string[], string[]];
  /** Every past turn, oldest first; the last one is the "summary of the last turn". */
  turns: TurnSummary[];
}

export interface EncoderObservation {
  role: "encoder";
  keywords: Keywords;
  code: Code;
  history: PublicHistory;
}

export interface DecoderObservation {
  role: "decoder";
  keywords: Keywords;
  hints: Hints;
  history: PublicHistory;
}

export interface InterceptorObservation {
  role: "interceptor";
  hints: Hints;
  history: PublicHistory;
}

export interface HintAction {
  hints: Hints;
}
export interface GuessAction {
  guess: Guess;
}

/** Players are plain objects: embedding baselines, model players and evolved agents all fit. */
export interface Encoder {
  readonly role: "encoder";
  readonly name: string;
  act(observation: EncoderObservation): Promise<HintAction>;
}
export interface Decoder {
  readonly role: "decoder";
  readonly name: string;
  act(observation: DecoderObservation): Promise<GuessAction>;
}
export interface Interceptor {
  readonly role: "interceptor";
  readonly name: string;
  act(observation: InterceptorObservation): Promise<GuessAction>;
}

export type EndCondition = "miscommunication" | "interception" | "both" | "survived";

export interface GameRecord {
  seed: number;
  keywords: Keywords;
  /** Turns played (1–8): the headline metric, higher is better for Alice and Bob. */
  turns: number;
  miscommunications: number;
  interceptions: number;
  endCondition: EndCondition;
  winner: "team" | "interceptor";
  log: TurnSummary[];
}

export const MAX_TURNS = 8;
export const TOKENS_TO_LOSE = 2;
/** What a player that never produced a valid hint gives. */
export const NO_HINT = "no_hint";
export const FAILED_GUESS: Guess = [0, 0, 0];
