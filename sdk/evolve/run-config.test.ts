import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

  it("is checked field by field: a damaged or hand-edited field is named with what it must be", () => {
    const fixture = JSON.parse(
      readFileSync(fileURLToPath(new URL("./fixtures/run-v2.json", import.meta.url)), "utf8"),
    );
    const cases: [string, unknown, RegExp][] = [
      ["generations", 0, /"generations" must be a positive integer, got 0/],
      ["baseline", "dgm-h", /"baseline" must be a baseline name, got "dgm-h"/],
      ["tasks", [], /"tasks" must be a non-empty list of task ids/],
      ["limits", { meta: {}, task: {} }, /"limits" must be \{ meta, task \} limits/],
      ["budgetUsd", -1, /"budgetUsd" must be null or a positive number/],
    ];
    for (const [field, value, message] of cases) {
      const runDir = dir();
      writeFileSync(join(runDir, "run.json"), JSON.stringify({ ...fixture, [field]: value }));
      expect(() => readRunConfig(runDir), field).toThrow(message);
    }
    const missing = dir();
    const { seed: _seed, ...withoutSeed } = fixture;
    writeFileSync(join(missing, "run.json"), JSON.stringify(withoutSeed));
    expect(() => readRunConfig(missing)).toThrow(/"seed" must be an integer, got nothing/);
  });
});
