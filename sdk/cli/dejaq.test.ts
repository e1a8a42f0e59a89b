/** `hyperagents dejaq run` from the command line: offline with the simulated student, resumed, and bad input. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const root = mkdtempSync(join(tmpdir(), "ha-dejaq-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("hyperagents dejaq run", () => {
  it("runs offline into a folder with its page, and a rerun with more steps resumes it", async () => {
    const out = join(root, "run");
    const args = ["dejaq", "run", "--teacher", "offline", "--student", "simulated", "--out", out];
    const first = memoryIo();
    expect(await main([...args, "--steps", "2"], first), first.err).toBe(0);
    expect(existsSync(join(out, "page.html"))).toBe(true);
    expect(first.err + first.out).toMatch(/step 2: archive \d+/);
    const second = memoryIo();
    expect(await main([...args, "--steps", "3"], second), second.err).toBe(0);
    expect(second.err + second.out).toMatch(/1 steps? run, resumed from step 2/);
  }, 120_000);

  it("refuses missing or bad options with exit 2", async () => {
    for (const args of [
      ["--student", "simulated", "--steps", "2"],
      ["--teacher", "offline", "--student", "simulated", "--steps", "0"],
      ["--teacher", "offline", "--student", "simulated", "--steps", "2", "--mutators", "some"],
    ]) {
      const io = memoryIo();
      expect(await main(["dejaq", "run", "--out", join(root, "bad"), ...args], io), args.join(" ")).toBe(2);
    }
  });
});
