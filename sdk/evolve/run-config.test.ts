import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RUN_CONFIG_VERSION, readRunConfig } from "./run-config.js";

const dir = () => mkdtempSync(join(tmpdir(), "ha-config-"));

describe("run.json", () => {
  it("reads the frozen fixture of schema version 1", () => {
    const runDir = dir();
    copyFileSync(fileURLToPath(new URL("./fixtures/run-v1.json", import.meta.url)), join(runDir, "run.json"));
    const config = readRunConfig(runDir);
    expect(config.schemaVersion).toBe(1);
    expect(config).toMatchObject({
      tasks: ["circle-packing"],
      generations: 2,
      childrenPerGeneration: 2,
      baseline: "none",
    });
    expect(config.limits.meta.maxToolCalls).toBeGreaterThan(0);
    // Version 1's recorded stage size was overridden by every bundled task's own: read as that.
    expect(config.stageSize).toBeNull();
  });

  it("reads the frozen fixture of schema version 2: a given stage size is kept", () => {
    const runDir = dir();
    copyFileSync(fileURLToPath(new URL("./fixtures/run-v2.json", import.meta.url)), join(runDir, "run.json"));
    const config = readRunConfig(runDir);
    expect(config.schemaVersion).toBe(2);
    expect(config).toMatchObject({ tasks: ["circle-packing"], stageSize: 3, baseline: "none" });
  });

  it("names the problem and the fix for a missing, broken, foreign or newer file", () => {
    expect(() => readRunConfig(dir())).toThrow(/not a run directory \(no run.json\)/);
    const broken = dir();
    writeFileSync(join(broken, "run.json"), "{ not json");
    expect(() => readRunConfig(broken)).toThrow(/not valid JSON/);
    const foreign = dir();
    writeFileSync(join(foreign, "run.json"), "{}");
    expect(() => readRunConfig(foreign)).toThrow(/not written by hyperagents/);
    const newer = dir();
    writeFileSync(join(newer, "run.json"), JSON.stringify({ schemaVersion: RUN_CONFIG_VERSION + 1 }));
    expect(() => readRunConfig(newer)).toThrow(/upgrade hyperagents/);
  });
});
