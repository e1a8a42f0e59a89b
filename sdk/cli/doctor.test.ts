import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, formatCheck, runChecks } from "./doctor.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const scratch = mkdtempSync(join(tmpdir(), "ha-doctor-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("doctor --probe without the provider's key", () => {
  it("exits 2 with one line naming the variable, like every configuration error", async () => {
    const io = memoryIo({ env: {} });
    expect(await main(["doctor", "--probe", "openai:gpt-4o-mini"], io)).toBe(2);
    expect(io.err.trim().split("\n")).toHaveLength(1);
    expect(io.err).toMatch(/^hyperagents: .*OPENAI_API_KEY/);
    // The configuration error comes before the checks, as in every other command.
    expect(io.out).toBe("");
  }, 60_000);

  it("exits 2 for the Anthropic key and for an unknown provider too", async () => {
    const anthropic = memoryIo({ env: { OPENAI_API_KEY: "sk-other-provider" } });
    expect(await main(["doctor", "--probe", "anthropic:claude-haiku-4-5"], anthropic)).toBe(2);
    expect(anthropic.err).toMatch(/^hyperagents: .*ANTHROPIC_API_KEY/);
    expect(anthropic.err.trim().split("\n")).toHaveLength(1);
    expect(anthropic.err).not.toContain("sk-other");

    const unknown = memoryIo({ env: {} });
    expect(await main(["doctor", "--probe", "gemini:pro"], unknown)).toBe(2);
    expect(unknown.err).toMatch(/^hyperagents: Unknown model provider "gemini"/);
    expect(unknown.err.trim().split("\n")).toHaveLength(1);
  }, 60_000);
});

describe("doctor's Chromium check", () => {
  it("looks where the browser tests look", () => {
    expect(CHROMIUM_PATH).toBe("/usr/bin/chromium");
  });

  it("warns, with the apt-get fix, when Chromium is missing; the offline run still passes", async () => {
    const checks = await runChecks({}, { chromiumPath: join(scratch, "no-such-chromium") });
    const chromium = checks.find((check) => check.name === "chromium");
    expect(chromium).toMatchObject({ ok: false, required: false });
    const line = formatCheck(chromium ?? { name: "", ok: true, required: false, detail: "" });
    expect(line).toMatch(/^warn chromium\s+not found at .*no-such-chromium/);
    expect(line).toContain("apt-get install chromium");
    expect(checks.filter((check) => check.required && !check.ok)).toEqual([]);
  }, 60_000);

  it("reports the version of a Chromium that runs", async () => {
    const binary = join(scratch, "chromium");
    writeFileSync(binary, '#!/bin/sh\necho "Chromium 142.0.7444.59 built on Debian GNU/Linux 12"\n');
    chmodSync(binary, 0o755);
    const checks = await runChecks({}, { chromiumPath: binary });
    const chromium = checks.find((check) => check.name === "chromium");
    expect(chromium).toMatchObject({ ok: true, required: false });
    expect(chromium?.detail).toContain("Chromium 142.0.7444.59");
  }, 60_000);

  it("warns when the file is there but does not run", async () => {
    const binary = join(scratch, "broken-chromium");
    writeFileSync(binary, "#!/bin/sh\nexit 3\n");
    chmodSync(binary, 0o755);
    const checks = await runChecks({}, { chromiumPath: binary });
    const chromium = checks.find((check) => check.name === "chromium");
    expect(chromium).toMatchObject({ ok: false, required: false });
    expect(chromium?.detail).toMatch(/does not run/);
    expect(chromium?.detail).toContain("apt-get install chromium");
  }, 60_000);

  it("the command prints a chromium line and exits 0 with or without Chromium", async () => {
    const io = memoryIo({ env: {} });
    expect(await main(["doctor"], io)).toBe(0);
    expect(io.out).toMatch(/^(ok {2}|warn) chromium\s+/m);
  }, 60_000);
});
