import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIModel } from "../../../sdk/llm/openai.js";
import { type RecordedRequest, type StubServer, startOpenAIServer } from "../../../sdk/testing/index.js";
import { emptyHistory, playGame } from "../game.js";
import type { Interceptor, Keywords } from "../types.js";
import { createModelDecoder, createModelEncoder, createModelInterceptor } from "./model.js";

interface WireMessage {
  role: string;
  content: string;
}
const messagesOf = (r: RecordedRequest | undefined) =>
  ((r?.body as { messages?: WireMessage[] })?.messages ?? []) as WireMessage[];
const lastUser = (r: RecordedRequest) =>
  messagesOf(r)
    .filter((m) => m.role === "user")
    .at(-1)?.content ?? "";

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelFor(handler: Parameters<typeof startOpenAIServer>[0]) {
  server = await startOpenAIServer(handler);
  return createOpenAIModel({
    model: "gpt-4o-mini",
    apiKey: "sk-test-12345678",
    baseURL: server.baseURL,
    env: {},
  });
}

const keywords: Keywords = ["ocean", "piano", "desert", "knight"];

describe("model players over the OpenAI wire format", () => {
  it("send a malformed reply's error back, keep one conversation per role across turns, use temperature 0.6", async () => {
    const model = await modelFor([
      { text: "I think tide for 2." },
      { text: 'Reasoning. ANSWER: {"hints": ["keys", "armour", "tide"]}' },
      { text: 'ANSWER: {"hints": ["chord", "dune", "wave"]}' },
    ]);
    const alice = createModelEncoder({ model });
    const first = await alice.act({ role: "encoder", keywords, code: [2, 4, 1], history: emptyHistory() });
    expect(first.hints).toEqual(["keys", "armour", "tide"]);
    const requests = server?.requests ?? [];
    expect(lastUser(requests[1] as RecordedRequest)).toMatch(/no "ANSWER:" line/);
    const body = requests[0]?.body as { temperature?: number; messages: WireMessage[] };
    expect(body.temperature).toBe(0.6);
    expect(body.messages[0]?.role).toBe("system");
    expect(body.messages[0]?.content).toMatch(/You are the Encoder/);
    expect(lastUser(requests[0] as RecordedRequest)).toMatch(/Your secret code: 2-4-1/);

    const history = {
      ...emptyHistory(),
      turn: 2,
      codes: [[2, 4, 1] as const],
      hintsBySlot: [["tide"], ["keys"], [], ["armour"]] as [string[], string[], string[], string[]],
    };
    const second = await alice.act({ role: "encoder", keywords, code: [2, 3, 1], history });
    expect(second.hints).toEqual(["chord", "dune", "wave"]);
    // The second turn's request carries the whole first turn, failed attempt included.
    const third = messagesOf(requests[2]);
    expect(third.filter((m) => m.role === "assistant").map((m) => m.content)).toEqual([
      "I think tide for 2.",
      'Reasoning. ANSWER: {"hints": ["keys", "armour", "tide"]}',
    ]);
    expect(lastUser(requests[2] as RecordedRequest)).toMatch(/2: keys/);
    expect(alice.stats).toEqual({ calls: 3, retries: 1, fallbacks: 0 });
  });

  it("falls back to 0-0-0 after ten malformed replies", async () => {
    const model = await modelFor(() => ({ text: "ANSWER: maybe 1-2-3?" }));
    const bob = createModelDecoder({ model });
    const { guess } = await bob.act({
      role: "decoder",
      keywords,
      hints: ["a", "b", "c"],
      history: emptyHistory(),
    });
    expect(guess).toEqual([0, 0, 0]);
    expect(server?.requests).toHaveLength(10);
    expect(bob.stats).toEqual({ calls: 10, retries: 9, fallbacks: 1 });
  });

  it("falls back to three no_hint hints after ten malformed replies", async () => {
    const model = await modelFor(() => ({ text: 'ANSWER: {"hints": ["ocean", "x", "y"]}' }));
    const alice = createModelEncoder({ model, maxAttempts: 10 });
    const { hints } = await alice.act({
      role: "encoder",
      keywords,
      code: [1, 2, 3],
      history: emptyHistory(),
    });
    expect(hints).toEqual(["no_hint", "no_hint", "no_hint"]);
  });

  it("plays a whole game as Alice and Bob, and answers the theory-of-mind side questions", async () => {
    // The stub plays a perfect team: Alice writes the code into her hints, Bob reads it back.
    const model = await modelFor((request) => {
      const system = messagesOf(request)[0]?.content ?? "";
      const prompt = lastUser(request);
      if (/side question/.test(prompt) && /Interceptor will guess/.test(prompt))
        return { text: 'ANSWER: {"guess": "1-2-3"}' };
      if (/You are the Encoder/.test(system)) {
        const code = /Your secret code: (\d)-(\d)-(\d)/.exec(prompt) ?? [];
        return { text: `ANSWER: {"hints": ["hint${code[1]}", "hint${code[2]}", "hint${code[3]}"]}` };
      }
      const hints = /hints: "hint(\d)", "hint(\d)", "hint(\d)"/.exec(prompt) ?? [];
      return { text: `ANSWER: {"guess": "${hints[1]}-${hints[2]}-${hints[3]}"}` };
    });
    const alice = createModelEncoder({ model });
    const eve: Interceptor = { role: "interceptor", name: "fixed", act: async () => ({ guess: [4, 3, 2] }) };
    const predictions: string[] = [];
    const record = await playGame({
      seed: 7,
      keywords,
      encoder: alice,
      decoder: createModelDecoder({ model }),
      interceptor: eve,
      onTurn: async () => {
        predictions.push((await alice.predictInterceptorGuess()).join("-"));
      },
    });
    expect(record.miscommunications).toBe(0);
    expect(record.log.every((t) => t.hints.every((h) => h.startsWith("hint")))).toBe(true);
    expect(predictions).toHaveLength(record.turns);
    expect(predictions.every((p) => p === "1-2-3")).toBe(true);
    // The side question is not kept in Alice's conversation.
    expect(alice.messages.some((m) => typeof m.content === "string" && /side question/.test(m.content))).toBe(
      false,
    );
  });

  it("probes Eve's beliefs at temperature 0, each question on a fresh copy of her conversation", async () => {
    const model = await modelFor((request) => {
      const prompt = lastUser(request);
      if (/Before this reveal/.test(prompt))
        return { text: 'ANSWER: {"keywords": ["sea", "music", "sand", "horse"]}' };
      if (/Another interceptor/.test(prompt))
        return { text: 'ANSWER: {"keywords": ["sea", "music", "unknown", "horse"]}' };
      if (/four keywords/.test(prompt))
        return { text: 'ANSWER: {"keywords": ["sea", "music", "sand", "horse"]}' };
      return { text: 'ANSWER: {"guess": "1-2-3"}' };
    });
    const eve = createModelInterceptor({ model });
    await eve.act({ role: "interceptor", hints: ["tide", "keys", "dune"], history: emptyHistory() });
    const before = eve.messages.length;
    const history = { ...emptyHistory(), turn: 2, codes: [[1, 2, 3] as const], turns: [] };
    history.hintsBySlot = [["tide"], ["keys"], ["dune"], []];
    const probe = await eve.probeKeywords(keywords, history);
    expect(probe).toEqual({
      vanilla: ["sea", "music", "sand", "horse"],
      repChange: ["sea", "music", "sand", "horse"],
      falseBelief: ["sea", "music", "unknown", "horse"],
    });
    expect(eve.messages).toHaveLength(before);
    const probes = (server?.requests ?? []).slice(1);
    expect(probes).toHaveLength(3);
    expect(probes.every((r) => (r.body as { temperature?: number }).temperature === 0)).toBe(true);
    for (const request of probes) {
      // Her conversation (system, her turn-1 prompt and guess) plus this one question: no other
      // question or answer, so rep_change and false_belief never see the vanilla answer.
      const messages = messagesOf(request);
      expect(messages.filter((m) => m.role !== "system")).toHaveLength(before + 1);
      expect(messages.filter((m) => /keywords/.test(m.content) && m.role === "assistant")).toHaveLength(0);
      // The question carries the public history, as the official prompt carries the hint history.
      expect(lastUser(request)).toMatch(/1: tide/);
    }
    expect(lastUser(probes[1]!)).toMatch(/revealed to you: 1\. ocean/);
  });

  it("asks a malformed probe again on a fresh copy, with no error message in the context", async () => {
    let probeCalls = 0;
    const model = await modelFor((request) => {
      if (!/four keywords/.test(lastUser(request))) return { text: 'ANSWER: {"guess": "1-2-3"}' };
      probeCalls++;
      return probeCalls === 1
        ? { text: "I am not sure." }
        : { text: 'ANSWER: {"keywords": ["a", "b", "c", "d"]}' };
    });
    const eve = createModelInterceptor({ model });
    await eve.act({ role: "interceptor", hints: ["tide", "keys", "dune"], history: emptyHistory() });
    const history = { ...emptyHistory(), turn: 2 };
    const probe = await eve.probeKeywords(keywords, history);
    expect(probe.vanilla).toEqual(["a", "b", "c", "d"]);
    const [first, second] = (server?.requests ?? []).slice(1, 3);
    expect(messagesOf(second)).toEqual(messagesOf(first));
    expect(eve.stats.retries).toBe(1);
  });

  it("probes Eve before her guess, never with her answer to the turn in the context", async () => {
    const model = await modelFor((request) => {
      const prompt = lastUser(request);
      if (/four keywords|Before this reveal|Another interceptor/.test(prompt))
        return { text: 'ANSWER: {"keywords": ["sea", "music", "sand", "horse"]}' };
      return { text: 'ANSWER: {"guess": "4-3-2"}' };
    });
    const eve = createModelInterceptor({ model });
    const alice = {
      role: "encoder" as const,
      name: "fixed",
      act: async () => ({ hints: ["tide", "keys", "dune"] as const }),
    };
    const bob = { role: "decoder" as const, name: "fixed", act: async () => ({ guess: [0, 0, 0] as const }) };
    const order: string[] = [];
    const record = await playGame({
      seed: 3,
      keywords,
      encoder: alice,
      decoder: bob,
      interceptor: eve,
      beforeIntercept: async ({ keywords: truth, history }) => {
        if (history.turn < 2) return;
        const guessesBefore = eve.messages.filter((m) => m.role === "assistant").length;
        await eve.probeKeywords(truth, history);
        // Her conversation holds one guess per earlier turn: none yet for this one.
        expect(guessesBefore).toBe(history.turn - 1);
        order.push(`probe ${history.turn}`);
      },
      onTurn: ({ summary }) => {
        order.push(`turn ${summary.turn}`);
      },
    });
    // Bob always fails: the game ends after two turns, with one probe on turn 2, before its end.
    expect(record.turns).toBe(2);
    expect(order).toEqual(["turn 1", "probe 2", "turn 2"]);
    const requests = server?.requests ?? [];
    const probeIndex = requests.findIndex((r) => /four keywords/.test(lastUser(r)));
    const guess2Index = requests.findIndex(
      (r) => /Turn 2 of 8/.test(lastUser(r)) && /This turn's hints/.test(lastUser(r)),
    );
    expect(probeIndex).toBeGreaterThan(0);
    expect(guess2Index).toBeGreaterThan(probeIndex);
    for (const request of requests.slice(probeIndex, guess2Index)) {
      expect(
        messagesOf(request).some((m) => /Turn 2 of 8/.test(m.content) && /This turn's hints/.test(m.content)),
      ).toBe(false);
    }
  });
});
