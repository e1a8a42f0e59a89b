import { copyFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runDejaqLoop, STORE_FILE } from "./loop.js";
import { OFFLINE_MUTATORS } from "./mutators/index.js";
import { PROCESS_CONFIG, simulatedSource } from "./run-process.js";
import { DEJAQ_SCHEMA_VERSION, openDejaqStore } from "./store.js";

const require = createRequire(import.meta.url);
const fixture = fileURLToPath(new URL("./fixtures/dejaq-v1.sqlite", import.meta.url));
/** The configuration the frozen fixture was made with (one step). */
const config = {
  ...PROCESS_CONFIG,
  batchSize: 2,
  mutationsPerStep: 2,
  seedTemplates: ["pl-01", "sh-03", "fa-05"],
};

function copyOfFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "dejaq-fixture-"));
  copyFileSync(fixture, join(dir, STORE_FILE));
  return dir;
}

describe("dejaq.sqlite, schema version 1 (frozen fixture)", () => {
  it("reads back its steps, candidates and state", () => {
    const store = openDejaqStore(fixture, { readonly: true });
    try {
      expect(DEJAQ_SCHEMA_VERSION).toBe(1);
      expect(store.lastStep()).toBe(1);
      expect(store.steps().map((s) => s.step)).toEqual([0, 1]);
      expect(store.candidates()).toHaveLength(2);
      expect(store.state<unknown[]>("archive")?.length).toBeGreaterThanOrEqual(3);
      expect(JSON.parse(store.getMeta("config") ?? "{}")).toMatchObject({
        batchSize: 2,
        mutationsPerStep: 2,
      });
    } finally {
      store.close();
    }
  });

  it("resumes a run written in version 1", async () => {
    const dir = copyOfFixture();
    const result = await runDejaqLoop({
      dir,
      steps: 2,
      config,
      mutators: OFFLINE_MUTATORS,
      student: simulatedSource(),
    });
    expect(result.resumedFrom).toBe(1);
    expect(result.steps.map((s) => s.step)).toEqual([2]);
  });

  it("refuses a store from a newer hyperagents, saying what to do", () => {
    const dir = copyOfFixture();
    const Database = require("better-sqlite3") as typeof BetterSqlite3;
    const db = new Database(join(dir, STORE_FILE));
    db.pragma("user_version = 2");
    db.close();
    expect(() => openDejaqStore(join(dir, STORE_FILE))).toThrow(
      /schema 2, newer than this hyperagents: upgrade/,
    );
  });

  it("names the folder when there is no run to read", () => {
    expect(() => openDejaqStore(join(tmpdir(), "no-such-dejaq", STORE_FILE), { readonly: true })).toThrow(
      /no DéjàQ run at/,
    );
  });
});
