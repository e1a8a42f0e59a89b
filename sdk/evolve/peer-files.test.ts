import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRunStore } from "../store/run-store.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";
import { capPeerFiles, PEER_LIMITS } from "./peer-files.js";

describe("peers' programs in ctx.data", () => {
  it("keep only source files, cap each file and the whole program, and mark what was cut", () => {
    const files: Record<string, string> = {
      "task_agent.ts": "export const a = 1;\n",
      "blob.bin": "\u0000".repeat(10_000),
      "huge.ts": "x".repeat(PEER_LIMITS.perFile * 3),
    };
    for (let i = 0; i < 200; i++) files[`junk/${String(i).padStart(3, "0")}.ts`] = "y".repeat(5_000);
    const capped = capPeerFiles(files, new Set(["task_agent.ts"]));
    expect(Object.keys(capped)[0]).toBe("task_agent.ts");
    expect(capped["task_agent.ts"]).toBe(files["task_agent.ts"]);
    expect(capped["blob.bin"]).toBeUndefined();
    expect(Object.keys(capped).length).toBeLessThanOrEqual(PEER_LIMITS.files);
    const total = Object.values(capped).reduce((sum, text) => sum + text.length, 0);
    expect(total).toBeLessThan(PEER_LIMITS.total + 1_000);
    expect(capped["huge.ts"]).toMatch(/file truncated to \d+ of 96000 characters/);
  });

  it("one child full of junk does not poison later meta steps", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-peers-"));
    const agentDir = writeToyProgram(join(root, "agent"));
    // g1c0 writes 8 MB of junk across files; every meta agent logs how much peer text it was shown.
    writeFileSync(
      join(agentDir, "meta_agent.ts"),
      `export async function improve(ctx: any) {
  const shown = JSON.stringify(ctx.data.peers).length;
  ctx.log("PEER_CHARS " + shown);
  if (ctx.data.nodeId === "g1c0") {
    for (let i = 0; i < 8; i++) await ctx.files.create("junk" + i + ".ts", "// " + "z".repeat(1_000_000));
  }
  await ctx.files.create("params.ts", "export const VALUE = " + ctx.data.generation + ctx.data.nodeId.length + ";\\n");
}
`,
    );
    const runDir = join(root, "run");
    const summary = await evolve({
      runDir,
      tasks: [toyTask()],
      agentDir,
      generations: 3,
      children: 2,
      parallel: 2,
      limits: { meta: { memoryMb: 64 } },
    });
    expect(summary.reason).toBe("done");
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const later = store.nodes().filter((n) => n.generation > 1);
    store.close();
    for (const node of later) {
      expect(node.rejectStage, `${node.id}: ${node.rejectReason}`).not.toBe("meta");
      const log = readFileSync(join(runDir, "nodes", node.id, "meta.log"), "utf8");
      const shown = Number(/PEER_CHARS (\d+)/.exec(log)?.[1]);
      expect(shown).toBeLessThan(3 * (PEER_LIMITS.total + 2_000));
    }
  }, 120_000);
});
