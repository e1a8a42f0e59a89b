import { describe, expect, it } from "vitest";
import { ALL_CODES, formatCode, sameCode } from "./codes.js";
import { dealGame, playGame } from "./game.js";
import type { Code, Decoder, Encoder, Guess, Interceptor, InterceptorObservation } from "./types.js";

// Scripted players: the encoder writes the code into its hints so a scripted decoder can read it.
const encoder: Encoder = {
  role: "encoder",
  name: "scripted",
  act: async ({ code }) => ({ hints: [`h${code[0]}`, `h${code[1]}`, `h${code[2]}`] }),
};
const readHints = (hints: readonly string[]): Guess =>
  hints.map((h) => Number(h.slice(1))) as unknown as Guess;
const rightDecoder: Decoder = {
  role: "decoder",
  name: "right",
  act: async ({ hints }) => ({ guess: readHints(hints) }),
};
const wrongDecoder: Decoder = { role: "decoder", name: "wrong", act: async () => ({ guess: [0, 0, 0] }) };
const blindEve: Interceptor = { role: "interceptor", name: "blind", act: async () => ({ guess: [0, 0, 0] }) };
const cheatingEve = (seen: InterceptorObservation[] = []): Interceptor => ({
  role: "interceptor",
  name: "cheat",
  act: async (obs) => {
    seen.push(obs);
    return { guess: readHints(obs.hints) };
  },
});

describe("dealGame", () => {
  it("is deterministic per seed, with four distinct keywords and non-repeating codes", () => {
    const a = dealGame(42);
    expect(dealGame(42)).toEqual(a);
    expect(dealGame(43).keywords).not.toEqual(a.keywords);
    expect(new Set(a.keywords).size).toBe(4);
    expect(new Set(a.codes.map(formatCode)).size).toBe(8);
    for (const c of a.codes) expect(ALL_CODES.some((x) => sameCode(x, c))).toBe(true);
    expect(ALL_CODES).toHaveLength(24);
  });
});

describe("playGame", () => {
  it("the team survives eight turns when Bob is always right and Eve always wrong", async () => {
    const r = await playGame({ seed: 1, encoder, decoder: rightDecoder, interceptor: blindEve });
    expect(r).toMatchObject({
      turns: 8,
      endCondition: "survived",
      winner: "team",
      miscommunications: 0,
      interceptions: 0,
    });
  });

  it("Eve wins by two interceptions, seeing only hints and public history", async () => {
    const seen: InterceptorObservation[] = [];
    const r = await playGame({ seed: 2, encoder, decoder: rightDecoder, interceptor: cheatingEve(seen) });
    expect(r).toMatchObject({
      turns: 2,
      endCondition: "interception",
      winner: "interceptor",
      interceptions: 2,
    });
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(["hints", "history", "role"]);
    const second = seen[1]?.history;
    const first = r.log[0];
    expect(second?.turn).toBe(2);
    expect(second?.interceptions).toBe(1);
    expect(second?.codes).toEqual([first?.code]);
    // Hints are grouped by keyword slot: the hint for digit d sits in hintsBySlot[d-1].
    const code = first?.code as Code;
    code.forEach((d, i) => {
      expect(second?.hintsBySlot[d - 1]).toEqual([first?.hints[i]]);
    });
    expect(second?.turns[0]).toEqual(first);
  });

  it("two miscommunications end the game; both at once go to Eve", async () => {
    const m = await playGame({ seed: 3, encoder, decoder: wrongDecoder, interceptor: blindEve });
    expect(m).toMatchObject({ turns: 2, endCondition: "miscommunication", winner: "interceptor" });
    const both = await playGame({ seed: 3, encoder, decoder: wrongDecoder, interceptor: cheatingEve() });
    expect(both).toMatchObject({
      turns: 2,
      endCondition: "both",
      winner: "interceptor",
      miscommunications: 2,
      interceptions: 2,
    });
  });

  it("replaces missing hints with no_hint and counts 0-0-0 as a miscommunication, never an interception", async () => {
    const lazy: Encoder = {
      role: "encoder",
      name: "lazy",
      act: async () => ({ hints: ["only one"] as never }),
    };
    const r = await playGame({ seed: 4, encoder: lazy, decoder: wrongDecoder, interceptor: { ...blindEve } });
    expect(r.log[0]?.hints).toEqual(["only one", "no_hint", "no_hint"]);
    expect(r.log[0]?.miscommunication).toBe(true);
    expect(r.log[0]?.interception).toBe(false);
  });

  it("calls onTurn after each turn with the history before it", async () => {
    const turns: number[] = [];
    await playGame({
      seed: 5,
      encoder,
      decoder: rightDecoder,
      interceptor: blindEve,
      onTurn: ({ before, summary }) => {
        expect(before.turn).toBe(summary.turn);
        turns.push(summary.turn);
      },
    });
    expect(turns).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
