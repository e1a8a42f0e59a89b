import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HyperagentsError } from "../sdk/errors.js";
import { EVAL_LOG_FORMAT, type EvalLogHeader, openEvalLog, readEvalLog, type SampleRecord } from "./log.js";

const header: EvalLogHeader = {
  type: "header",
  format: EVAL_LOG_FORMAT,
  version: 1,
  task: "toy",
  model: "openai:m",
  config: { agent: null, seeds: 1, limit: null, options: {} },
  created: "2026-01-01T00:00:00.000Z",
};

function sample(instance: string, score: number, extra: Partial<SampleRecord> = {}): SampleRecord {
  return {
    type: "sample",
    task: "toy",
    model: "openai:m",
    split: "test",
    instance,
    seed: 0,
    input: { instance },
    transcript: [],
    answer: null,
    score,
    error: null,
    details: null,
    tokens: { input: 1, output: 1 },
    costUsd: 0.001,
    wallMs: 1,
    at: "2026-01-01T00:00:00.000Z",
    ...extra,
  };
}

describe("eval log", () => {
  it("ignores a last line cut short by a kill, and the next writer starts after the last whole line", () => {
    const path = join(mkdtempSync(join(tmpdir(), "ha-log-")), "toy.eval.jsonl");
    const writer = openEvalLog(path, header);
    writer.append(sample("a", 1));
    writer.close();
    appendFileSync(path, JSON.stringify(sample("b", 0.5)).slice(0, 40));
    expect(readEvalLog(path).samples.map((s) => s.instance)).toEqual(["a"]);
    const again = openEvalLog(path, header);
    again.append(sample("b", 0.5));
    again.close();
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(readEvalLog(path).samples.map((s) => [s.instance, s.score])).toEqual([
      ["a", 1],
      ["b", 0.5],
    ]);
  });

  it("keeps the newest record of a sample tried again", () => {
    const path = join(mkdtempSync(join(tmpdir(), "ha-log-")), "toy.eval.jsonl");
    const writer = openEvalLog(path, header);
    writer.append(sample("a", 0, { error: "model: 500", modelError: true }));
    writer.append(sample("b", 1));
    writer.append(sample("a", 0.75));
    writer.close();
    expect(readEvalLog(path).samples.map((s) => [s.instance, s.score, s.error])).toEqual([
      ["b", 1, null],
      ["a", 0.75, null],
    ]);
  });

  it("refuses a newer format version and a file that is not an eval log, as the user's to fix", () => {
    const dir = mkdtempSync(join(tmpdir(), "ha-log-"));
    const newer = join(dir, "newer.eval.jsonl");
    writeFileSync(newer, `${JSON.stringify({ ...header, version: 2 })}\n`);
    expect(() => readEvalLog(newer)).toThrow(/version 2, newer than this hyperagents reads \(1\): upgrade/);
    const other = join(dir, "other.eval.jsonl");
    writeFileSync(other, '{"hello": 1}\n');
    try {
      readEvalLog(other);
      expect.unreachable();
    } catch (error) {
      expect(HyperagentsError.is(error) && error.kind).toBe("user");
    }
  });
});
