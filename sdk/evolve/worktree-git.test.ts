import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRunStore } from "../store/run-store.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";

describe("a meta agent that goes for the worktree's .git", () => {
  it("is refused (no host path leaks), and the run goes on with every child recorded", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-worktree-git-"));
    const agentDir = writeToyProgram(join(root, "agent"));
    writeFileSync(
      join(agentDir, "meta_agent.ts"),
      `export async function improve(ctx: any) {
  ctx.log("LIST " + (await ctx.files.list(".")));
  ctx.log("VIEW " + (await ctx.files.view(".git")));
  ctx.log("CREATE " + (await ctx.files.create(".git", "gitdir: /nowhere\\n")));
  ctx.log("CREATE2 " + (await ctx.files.create("sub/.GIT/config", "[core]\\n")));
  ctx.log("CREATE3 " + (await ctx.files.create(".Git", "gitdir: /nowhere\\n")));
  await ctx.files.create("params.ts", "export const VALUE = " + Number(ctx.data.nodeId.slice(1).replace("c", "")) + ";\\n");
}
`,
    );
    const runDir = join(root, "run");
    const summary = await evolve({ runDir, tasks: [toyTask()], agentDir, generations: 2, children: 2 });
    expect(summary.reason).toBe("done");
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const children = store.nodes().filter((n) => n.generation > 0);
    store.close();
    expect(children.map((n) => n.status)).toEqual(["valid", "valid", "valid", "valid"]);
    const log = readFileSync(join(runDir, "nodes", "g1c0", "meta.log"), "utf8");
    expect(log).not.toContain(root);
    expect(log).not.toMatch(/^LIST .*\.git/im);
    for (const line of ["VIEW", "CREATE", "CREATE2", "CREATE3"])
      expect(log).toMatch(new RegExp(`^${line} Error: `, "m"));
  }, 60_000);
});
