import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startOpenAIServer } from "../testing/index.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

describe("hyperagents command line", () => {
  it("--help lists the commands of the design", async () => {
    const io = memoryIo();
    expect(await main(["--help"], io)).toBe(0);
    for (const command of ["tasks", "eval", "evolve", "report", "doctor"]) expect(io.out).toContain(command);
  });

  it("an unknown command exits 2 with a reason", async () => {
    const io = memoryIo();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(io.err).toMatch(/unknown command/);
  });

  it("a bad number names the flag", async () => {
    const io = memoryIo();
    expect(await main(["evolve", "--task", "circle-packing", "--generations", "zero"], io)).toBe(2);
    expect(io.err).toContain("--generations takes an integer >= 1");
  });

  it("an unknown task lists the bundled ones", async () => {
    const io = memoryIo();
    const code = await main(["evolve", "--task", "chess", "--out", `${process.cwd()}/runs/never-made`], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/unknown task "chess": use one of circle-packing, decrypto/);
  });

  it("a model without its key names the variable to set, and writes nothing", async () => {
    const out = join(tmpdir(), `ha-no-key-${process.pid}`);
    const io = memoryIo();
    const code = await main(
      ["evolve", "--task", "circle-packing", "--model", "openai:gpt-4o-mini", "--out", out],
      io,
    );
    expect(code).toBe(2);
    expect(io.err).toMatch(/OPENAI_API_KEY/);
    expect(existsSync(out)).toBe(false);
  });

  it("resuming a directory without a run says how to start one", async () => {
    const io = memoryIo();
    expect(await main(["evolve", "--resume", "no-such-run-dir"], io)).toBe(2);
    expect(io.err).toMatch(/holds no run to resume/);
  });

  it("tasks lists circle-packing with its splits", async () => {
    const io = memoryIo();
    expect(await main(["tasks", "--json"], io)).toBe(0);
    const rows = JSON.parse(io.out) as { id: string; splits: string }[];
    expect(rows.find((row) => row.id === "circle-packing")?.splits).toMatch(/train \d+/);
  });

  it("doctor checks the machine, never prints a key, and exits 0 when the offline run can work", async () => {
    const io = memoryIo({ env: { OPENAI_API_KEY: "sk-secret-value-123" } });
    expect(await main(["doctor"], io)).toBe(0);
    expect(io.out).toMatch(/ok\s+isolated-vm/);
    expect(io.out).toMatch(/ok\s+better-sqlite3/);
    expect(io.out).toMatch(/OPENAI_API_KEY\s+set/);
    expect(io.out).toMatch(/ANTHROPIC_API_KEY\s+not set/);
    expect(io.out).not.toContain("sk-secret");
  });

  it("doctor --probe makes one tiny call through the real client and reports latency and cost", async () => {
    const server = await startOpenAIServer([{ text: "ok", usage: { inputTokens: 12, outputTokens: 1 } }]);
    try {
      const io = memoryIo({ env: { OPENAI_API_KEY: "sk-probe-secret", OPENAI_BASE_URL: server.baseURL } });
      expect(await main(["doctor", "--probe", "openai:gpt-4o-mini"], io)).toBe(0);
      expect(io.out).toMatch(/ok\s+probe\s+gpt-4o-mini: \d+ ms, \$0\.0000\d+, said "ok"/);
      expect(server.requests).toHaveLength(1);
      expect(io.out + io.err).not.toContain("sk-probe-secret");
    } finally {
      await server.close();
    }
  });

  it("doctor --probe fails with exit 1 and the provider's reason", async () => {
    const server = await startOpenAIServer([{ error: { status: 401, message: "bad key" } }]);
    try {
      const io = memoryIo({ env: { OPENAI_API_KEY: "sk-wrong", OPENAI_BASE_URL: server.baseURL } });
      expect(await main(["doctor", "--probe", "openai:gpt-4o-mini"], io)).toBe(1);
      expect(io.out).toMatch(/FAIL probe/);
      expect(io.out).toMatch(/OPENAI_API_KEY/);
    } finally {
      await server.close();
    }
  });
});
