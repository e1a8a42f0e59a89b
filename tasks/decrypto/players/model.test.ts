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

  it("probes Eve's beliefs in side conversations at temperature 0", async () => {
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
    const probe = await eve.probeKeywords(keywords);
    expect(probe).toEqual({
      vanilla: ["sea", "music", "sand", "horse"],
      repChange: ["sea", "music", "sand", "horse"],
      falseBelief: ["sea", "music", "unknown", "horse"],
    });
    expect(eve.messages).toHaveLength(before);
    const probeBodies = (server?.requests ?? []).slice(1).map((r) => r.body as { temperature?: number });
    expect(probeBodies.every((b) => b.temperature === 0)).toBe(true);
    expect(lastUser(server?.requests[2] as RecordedRequest)).toMatch(/revealed to you: 1\. ocean/);
  });
});
