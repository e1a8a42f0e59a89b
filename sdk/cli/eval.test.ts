import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const root = mkdtempSync(join(tmpdir(), "ha-eval-cli-"));

function program(name: string, taskAgent: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "task_agent.ts"), taskAgent);
  return dir;
}

describe("hyperagents eval --agent", () => {
  it("refuses a program that does not compile: exit 2, one line naming the file and the problem", async () => {
    const dir = program("syntax", "export async function solve(input: unknown) {\n  return {;\n}\n");
    const out = join(root, "never-written");
    const io = memoryIo();
    const code = await main(["eval", "--task", "circle-packing", "--agent", dir, "--out", out], io);
    expect(code).toBe(2);
    const lines = io.err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^hyperagents: the program in .*syntax does not compile \(bundle\): task_agent\.ts:2: /,
    );
  }, 60_000);

  it("refuses a program whose task agent does not export solve", async () => {
    const dir = program("no-solve", "export const answer = 42;\n");
    const io = memoryIo();
    const code = await main(["eval", "--task", "circle-packing", "--agent", dir], io);
    expect(code).toBe(2);
    expect(io.err.trim().split("\n")).toHaveLength(1);
    expect(io.err).toMatch(/does not compile \(exports\): .*solve/);
  }, 60_000);

  it("--limit N evaluates the first N instances", async () => {
    const out = join(root, "limited");
    const io = memoryIo();
    const code = await main(
      [
        "eval",
        "--task",
        "circle-packing",
        "--agent",
        "agents/offline",
        "--split",
        "test",
        "--limit",
        "1",
        "--out",
        out,
      ],
      io,
    );
    expect(code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      instances: number;
      results: { instanceId: string }[];
    };
    expect(results.instances).toBe(1);
    expect(results.results.map((r) => r.instanceId)).toEqual(["test-n27"]);
    // The task's own figures: the ratio with the raw sum of radii beside it.
    expect(io.err).toMatch(/^n = 27: [\d.]+ \(ratio to 2\.685\) · sum of radii \d\.\d{5}$/m);
  }, 120_000);

  it("refuses a task's own options where no task given takes them, in one line", async () => {
    for (const args of [
      ["--task", "circle-packing", "--games", "4"],
      ["--task", "decrypto", "--agent", "agents/offline", "--tom"],
    ]) {
      const io = memoryIo();
      expect(await main(["eval", ...args], io)).toBe(2);
      expect(io.err.trim().split("\n").at(-1)).toMatch(
        /^hyperagents: --(games|tom) is not an option of (circle-packing|decrypto)'s evaluation.*: drop it/,
      );
    }
  });
});
