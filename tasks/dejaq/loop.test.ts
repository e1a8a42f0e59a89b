import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RUN_LOCK_FILE, runLock } from "../../sdk/internal/run-lock.js";
import { type DejaqConfig, runDejaqLoop, STORE_FILE } from "./loop.js";
import { OFFLINE_MUTATORS } from "./mutators/index.js";
import { PROCESS_CONFIG, simulatedSource } from "./run-process.js";
import { openDejaqStore } from "./store.js";
import { simulatedStudent } from "./student.js";

const config: DejaqConfig = PROCESS_CONFIG;
const source = simulatedSource;

const run = (dir: string, steps: number, extra: Partial<DejaqConfig> = {}) =>
  runDejaqLoop({
    dir,
    steps,
    config: { ...config, ...extra },
    mutators: OFFLINE_MUTATORS,
    student: source(),
  });

describe("the DéjàQ loop", () => {
  it("seeds, samples, measures, mutates, validates and inserts; writes JSONL batches and the page", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dejaq-loop-"));
    const { steps, page } = await run(dir, 6);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const last = steps.at(-1)!;
    expect(last.archiveSize).toBeGreaterThan(0);
    expect(last.coverage).toBeGreaterThan(0.3);
    expect(Object.keys(last.competence as object)).toContain("/");
    const lines = readFileSync(join(dir, "batches", "step-0003.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(lines).toHaveLength(8);
    const row = JSON.parse(lines[0]!) as { prompt: string; answer: string };
    expect(row.prompt).toMatch(/Answer: <number>/);
    expect(row.answer).toMatch(/^\d+$/);
    const html = readFileSync(page, "utf8");
    expect(html).toContain("QD score");
    expect(html).toContain("offline-symbolic");
    const store = openDejaqStore(join(dir, STORE_FILE), { readonly: true });
    const candidates = store.candidates();
    store.close();
    expect(candidates).toHaveLength(36);
    expect(candidates.filter((c) => c.valid).length).toBeGreaterThan(20);
    expect(candidates.some((c) => c.inserted)).toBe(true);
    expect(new Set(candidates.map((c) => c.kind))).toEqual(new Set(["setting", "distractor", "symbolic"]));
  });

  it("resumes from its last whole step and ends where an uninterrupted run ends", async () => {
    const straight = mkdtempSync(join(tmpdir(), "dejaq-straight-"));
    const resumed = mkdtempSync(join(tmpdir(), "dejaq-resumed-"));
    const full = await run(straight, 5);
    const first = await run(resumed, 2);
    expect(first.steps).toHaveLength(2);
    const second = await run(resumed, 5);
    expect(second.resumedFrom).toBe(2);
    expect(second.steps.map((s) => s.step)).toEqual([3, 4, 5]);
    expect(second.steps.at(-1)).toEqual(full.steps.at(-1));
    const again = await run(resumed, 5);
    expect(again.steps).toEqual([]);
    expect(existsSync(join(resumed, "batches", "step-0005.jsonl"))).toBe(true);
  });

  it("gives the same run at any concurrency", async () => {
    const one = await runDejaqLoop({
      dir: mkdtempSync(join(tmpdir(), "dejaq-c1-")),
      steps: 4,
      config,
      mutators: OFFLINE_MUTATORS,
      student: source(),
      concurrency: 1,
    });
    const many = await runDejaqLoop({
      dir: mkdtempSync(join(tmpdir(), "dejaq-c8-")),
      steps: 4,
      config,
      mutators: OFFLINE_MUTATORS,
      student: source(),
      concurrency: 8,
    });
    expect(many.steps).toEqual(one.steps);
  });

  it("refuses to resume a folder with another configuration", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dejaq-config-"));
    await run(dir, 1);
    await expect(run(dir, 2, { batchSize: 4 })).rejects.toThrow(/started with batchSize = 8, not 4/);
  });

  it("lets one loop write a folder at a time, and gives the lock back when it ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dejaq-lock-"));
    const other = runLock(dir);
    other.acquire();
    try {
      await expect(run(dir, 1)).rejects.toThrow(/in use by process \d+.*only one `dejaq run` may write it/);
    } finally {
      other.release();
    }
    await run(dir, 1);
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(false);
  });

  it("asks for the student again before every step, so the endpoint can change", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dejaq-swap-"));
    const asked: number[] = [];
    const weak = simulatedStudent({ competence: { "+": -3, "-": -3, "*": -3, "/": -3 } });
    const strong = simulatedStudent({
      competence: { "+": 6, "-": 6, "*": 6, "/": 6, distractor: 6, compose: 6 },
    });
    const { steps } = await runDejaqLoop({
      dir,
      steps: 4,
      config,
      mutators: OFFLINE_MUTATORS,
      student: (step) => {
        asked.push(step);
        return step <= 2 ? weak : strong;
      },
    });
    expect(asked).toEqual([0, 1, 2, 3, 4]);
    expect(steps[1]!.batchAccuracy).toBeLessThan(steps[3]!.batchAccuracy);
  });
});
