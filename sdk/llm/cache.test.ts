import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../errors.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { type CacheEntry, isCacheHit, requestHash, withCache } from "./cache.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hyperagents-cache-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("requestHash", () => {
  it("ignores key order, the abort signal and metadata labels", () => {
    const a = requestHash("m", {
      messages: [{ role: "user", content: "hi" }],
      temperature: 0,
      metadata: { node: "1" },
    });
    const b = requestHash("m", {
      temperature: 0,
      signal: new AbortController().signal,
      messages: [{ content: "hi", role: "user" }],
      metadata: { node: "2" },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with the model and the content", () => {
    const req = { messages: [{ role: "user" as const, content: "hi" }] };
    expect(requestHash("a", req)).not.toBe(requestHash("b", req));
    expect(requestHash("a", req)).not.toBe(requestHash("a", { messages: [{ role: "user", content: "ho" }] }));
  });
});

describe("withCache", () => {
  const req = { messages: [{ role: "user" as const, content: "What is 2+2?" }] };

  it("records one content-addressed file per call and replays it", async () => {
    const inner = scriptedModel([{ text: "4", usage: { inputTokens: 5, outputTokens: 1 }, costUsd: 0.01 }]);
    const recorded = await withCache(inner, { dir, mode: "record" }).generate(req);
    expect(recorded.middlewareMetadata).toBeUndefined();
    const hash = requestHash(inner.id, req);
    expect(await readdir(dir)).toEqual([`${hash}.json`]);
    const entry = JSON.parse(await readFile(join(dir, `${hash}.json`), "utf8")) as CacheEntry;
    expect(entry.version).toBe(1);
    expect(entry.response.text).toBe("4");

    const offline = scriptedModel([], { id: inner.id });
    const replayed = await withCache(offline, { dir, mode: "replay" }).generate(req);
    expect(replayed).toMatchObject({
      text: "4",
      costUsd: 0.01,
      middlewareMetadata: { cache: { hit: true, hash } },
    });
    expect(isCacheHit(replayed)).toBe(true);
    expect(isCacheHit(recorded)).toBe(false);
    // The cassette keeps the response without what the cache itself adds.
    expect(entry.response.middlewareMetadata).toBeUndefined();
    expect(offline.requests).toHaveLength(0);
  });

  it("names the request hash and a snippet on a replay miss", async () => {
    const model = withCache(scriptedModel([]), { dir, mode: "replay" });
    const error = await model.generate(req).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(requestHash("scripted", req));
    expect((error as Error).message).toContain("What is 2+2?");
    expect((error as Error).message).toContain('"record"');
  });

  it("passes straight through when off", async () => {
    const inner = scriptedModel([{ text: "live" }]);
    expect(withCache(inner, { dir, mode: "off" })).toBe(inner);
  });
});
