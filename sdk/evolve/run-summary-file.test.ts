import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunSummary } from "./options.js";
import { RUN_SUMMARY_VERSION, readRunSummary, writeRunSummary } from "./run-summary-file.js";

const summary: RunSummary = {
  runDir: "runs/x",
  reason: "done",
  generations: 2,
  archiveSize: 5,
  validCount: 4,
  bestNodeId: "g2c0",
  bestScore: 0.9,
  testScores: { "circle-packing": 0.95 },
  costUsd: 0,
  wallMs: 1234,
};

describe("summary.json", () => {
  it("is written with its schema version and read back field by field", () => {
    const dir = mkdtempSync(join(tmpdir(), "ha-summary-"));
    expect(readRunSummary(dir)).toBeNull();
    writeRunSummary(dir, summary);
    expect(JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")).schemaVersion).toBe(
      RUN_SUMMARY_VERSION,
    );
    expect(readRunSummary(dir)).toEqual({ ...summary, schemaVersion: RUN_SUMMARY_VERSION });
  });

  it("reads a file cut short by a kill as no summary, and refuses a damaged or newer one naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "ha-summary-"));
    const path = join(dir, "summary.json");
    writeFileSync(path, '{ "reason": "do');
    expect(readRunSummary(dir)).toBeNull();
    writeFileSync(path, JSON.stringify({ ...summary, reason: "finished" }));
    expect(() => readRunSummary(dir)).toThrow(/"reason" must be one of done, budget, aborted, condition/);
    writeFileSync(path, JSON.stringify({ ...summary, archiveSize: -1 }));
    expect(() => readRunSummary(dir)).toThrow(/"archiveSize" must be a count, got -1/);
    writeFileSync(path, JSON.stringify({ ...summary, schemaVersion: RUN_SUMMARY_VERSION + 1 }));
    expect(() => readRunSummary(dir)).toThrow(/upgrade hyperagents/);
    // Summaries from before the version field read as version 1.
    writeFileSync(path, JSON.stringify(summary));
    expect(readRunSummary(dir)?.schemaVersion).toBe(1);
  });
});
