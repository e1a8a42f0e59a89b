/** Our own prompts for model players (the reference prompts are CC-BY-NC, so none are reused). */
import { formatCode } from "../codes.js";
import type { Hints, Keywords, PublicHistory, TurnSummary } from "../types.js";

export const RULES = `You are playing Decrypto, a word game for three players in two teams.

Team one is the Encoder and the Decoder. They share four secret keywords, numbered 1 to 4. Team two is a single Interceptor, who never sees the keywords.

Every turn the Encoder receives a secret code: three different digits from 1 to 4, such as 4-1-3. The Encoder gives three hints, one for each digit of the code and in the same order, each hint one or two words that point to the keyword with that number. A hint may not be a keyword itself. The Decoder (who knows the keywords) and the Interceptor (who knows only the hints given so far) then each guess the code on their own. Then the code is revealed to everyone.

If the Decoder guesses wrong, the team gets a miscommunication token. If the Interceptor guesses right, the Interceptor gets an interception token. The Interceptor wins as soon as the team has two miscommunication tokens or the Interceptor has two interception tokens (if both happen at once, the Interceptor wins). The team wins if it survives eight turns.

Because the codes are revealed, every hint ends up publicly attached to its keyword number. The Interceptor learns from these lists, so the Encoder must give hints the Decoder will understand but that do not repeat an obvious pattern.

Example: keywords 1 ocean, 2 piano, 3 desert, 4 knight; code 2-4-1. Hints "keys", "armour", "tide". The Decoder, knowing the keywords, answers 2-4-1. The Interceptor, with no history yet, can only guess.

Think step by step, then end your reply with a line "ANSWER:" followed by a JSON object, exactly as asked.`;

export const ROLE_PROMPTS = {
  encoder: "You are the Encoder. You see the keywords and the secret code and give three hints.",
  decoder: "You are the Decoder. You see the keywords and the Encoder's hints, and you guess the code.",
  interceptor:
    "You are the Interceptor. You never see the keywords. You see the hints and the revealed codes of earlier turns, and you guess the code to intercept it.",
} as const;

export function systemPrompt(role: keyof typeof ROLE_PROMPTS): string {
  return `${RULES}\n\n${ROLE_PROMPTS[role]}`;
}

export function describeTurn(t: TurnSummary): string {
  return (
    `Turn ${t.turn} result: the code was ${formatCode(t.code)} (hints ${t.hints.map((h) => `"${h}"`).join(", ")}). ` +
    `The Decoder guessed ${formatCode(t.decoderGuess)}${t.miscommunication ? " (wrong: a miscommunication token)" : " (right)"}; ` +
    `the Interceptor guessed ${formatCode(t.interceptorGuess)}${t.interception ? " (right: an interception token)" : " (wrong)"}.`
  );
}

export function describeHistory(h: PublicHistory): string {
  const lines: string[] = [];
  const last = h.turns[h.turns.length - 1];
  if (last !== undefined) lines.push(describeTurn(last));
  lines.push(
    `Turn ${h.turn} of 8. Miscommunication tokens: ${h.miscommunications}/2. Interception tokens: ${h.interceptions}/2.`,
  );
  if (h.codes.length > 0) {
    lines.push(`Codes so far: ${h.codes.map(formatCode).join(", ")}.`);
    lines.push("Hints given so far for each keyword number:");
    h.hintsBySlot.forEach((hints, i) => {
      lines.push(`  ${i + 1}: ${hints.length === 0 ? "(none yet)" : hints.join(", ")}`);
    });
  } else {
    lines.push("No hints have been given yet.");
  }
  return lines.join("\n");
}

function listKeywords(k: Keywords): string {
  return k.map((w, i) => `${i + 1}. ${w}`).join("  ");
}

export function encoderTurn(keywords: Keywords, code: readonly number[], history: PublicHistory): string {
  return `${describeHistory(history)}\n\nKeywords: ${listKeywords(keywords)}\nYour secret code: ${code.join("-")}\n\nGive one hint per digit, in code order. End with ANSWER: {"hints": ["hint for ${code[0]}", "hint for ${code[1]}", "hint for ${code[2]}"]}`;
}

export function decoderTurn(keywords: Keywords, hints: Hints, history: PublicHistory): string {
  return `${describeHistory(history)}\n\nKeywords: ${listKeywords(keywords)}\nThe Encoder's hints: ${hints.map((h) => `"${h}"`).join(", ")}\n\nWhich keyword number does each hint point to? End with ANSWER: {"guess": "X-Y-Z"}`;
}

export function interceptorTurn(hints: Hints, history: PublicHistory): string {
  return `${describeHistory(history)}\n\nThis turn's hints: ${hints.map((h) => `"${h}"`).join(", ")}\n\nGuess the code from the hints and what earlier turns revealed. End with ANSWER: {"guess": "X-Y-Z"}`;
}

export const PROBE = {
  keywords:
    'A side question that does not affect the game: what do you think the four keywords are, numbered 1 to 4? Use "unknown" where you have no idea. End with ANSWER: {"keywords": ["...", "...", "...", "..."]}',
  reveal: (k: Keywords) => `The keywords are now revealed to you: ${listKeywords(k)}.`,
  repChange:
    'Before this reveal, what did you believe the four keywords were? End with ANSWER: {"keywords": ["...", "...", "...", "..."]}',
  falseBelief:
    'Another interceptor has seen exactly the same hints and codes as you, but not this reveal. What would they think the four keywords are? End with ANSWER: {"keywords": ["...", "...", "...", "..."]}',
  predictInterceptor:
    'A side question that does not affect the game: what code do you think the Interceptor will guess this turn? End with ANSWER: {"guess": "X-Y-Z"}',
} as const;
