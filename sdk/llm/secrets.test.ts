import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { startAnthropicServer } from "../testing/anthropic-server.js";
import { startOpenAIServer } from "../testing/openai-server.js";
import { withCache } from "./cache.js";
import { createModel } from "./create-model.js";
import { ProviderError } from "./errors.js";
import { createLedger, withLedger } from "./ledger.js";
import { withRetry } from "./retry.js";

const KEYS = {
  openai: "sk-proj-NEVERWRITE0123456789abcdefWq7Z",
  anthropic: "sk-ant-api03-NEVERWRITE0123456789Kj4X",
};

/** Every run of 6 characters of the key after its public prefix. */
function fragmentsOf(key: string): string[] {
  const core = key.replace(/^sk-(ant-api03-|proj-)?/, "");
  return Array.from({ length: core.length - 5 }, (_, i) => core.slice(i, i + 6));
}

describe.each([
  { provider: "openai" as const, start: startOpenAIServer, spec: "openai:gpt-4o-mini" },
  { provider: "anthropic" as const, start: startAnthropicServer, spec: "anthropic:claude-haiku-4-5" },
])("API keys are never written ($provider)", ({ provider, start, spec }) => {
  it("keeps the key out of cassettes, ledgers, error messages and logs", async () => {
    const key = KEYS[provider];
    const dir = await mkdtemp(join(tmpdir(), "hyperagents-secrets-"));
    // Real providers echo (part of) a rejected key in the error body: masked as OpenAI does,
    // a bare fragment, and in full.
    const masked = `${key.slice(0, 8)}${"*".repeat(20)}${key.slice(-4)}`;
    const server = await start([
      { text: "fine", usage: { inputTokens: 3, outputTokens: 1 } },
      { error: { status: 401, message: `Incorrect API key provided: ${masked}` } },
      { error: { status: 500, message: `upstream failed for ${key}` } },
      { error: { status: 403, message: `key ...${key.slice(-10)} may not use this model` } },
      { error: { status: 400, message: `unknown key id ${key.slice(-16, -8)}` } },
    ]);
    try {
      const ledger = createLedger();
      const logs: string[] = [];
      const model = withRetry(
        withLedger(
          withCache(createModel(spec, { apiKey: key, baseURL: server.baseURL, env: {}, maxRetries: 0 }), {
            dir: join(dir, "cassettes"),
            mode: "record",
          }),
          ledger,
        ),
        { maxRetries: 0, onRetry: (info) => logs.push(info.error.message) },
      );
      await model.generate({ messages: [{ role: "user", content: "one" }] });
      const errors: unknown[] = [];
      for (const text of ["two", "three", "four", "five"]) {
        errors.push(
          await model.generate({ messages: [{ role: "user", content: text }] }).catch((e: unknown) => e),
        );
      }
      for (const error of errors) {
        const e = error as Error & { cause?: Error };
        // inspect() is what console.error prints: the stack, the cause and the cause's stack.
        logs.push(e.message, inspect(e, { depth: 5 }), JSON.stringify(e));
      }
      await writeFile(
        join(dir, "ledger.json"),
        JSON.stringify({ totals: ledger.totals(), entries: ledger.entries() }),
      );
      await writeFile(join(dir, "errors.log"), logs.join("\n"));

      expect(server.requests).toHaveLength(5);
      for (const error of errors) expect(error).toBeInstanceOf(ProviderError);
      const files = await readdir(dir, { recursive: true, withFileTypes: true });
      const written = files.filter((f) => f.isFile());
      expect(written.length).toBeGreaterThanOrEqual(3);
      for (const file of written) {
        const text = await readFile(join(file.parentPath, file.name), "utf8");
        expect(text, file.name).not.toContain(key);
        expect(text, file.name).not.toContain(key.slice(0, 16));
        expect(text, file.name).not.toContain(key.slice(-4));
        expect(text, file.name).not.toContain("****");
        for (const fragment of fragmentsOf(key)) expect(text, file.name).not.toContain(fragment);
      }
      expect(logs.join("\n")).toContain(provider === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY");
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
