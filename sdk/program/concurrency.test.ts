import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMutex } from "../internal/mutex.js";
import { openProgramStore } from "./store.js";
import { type Fixture, makeFixture, plainGit, writeTree } from "./test-support.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

function registeredWorktrees(gitDir: string): string[] {
  return plainGit(gitDir, ["worktree", "list", "--porcelain"])
    .split("\n")
    .filter((line) => line.startsWith("worktree ") && !line.endsWith(".git"))
    .map((line) => line.slice("worktree ".length));
}

describe("parallel children", () => {
  it("runs 8 checkout + edit + commit + release cycles at once", async () => {
    fixture = await makeFixture({ protectedPaths: ["domains"] });
    const { store } = fixture;
    const ids = Array.from({ length: 8 }, (_, i) => `g1-c${i}`);
    const children = await Promise.all(
      ids.map(async (nodeId, i) => {
        const wt = await store.checkout("initial");
        await writeTree(wt, {
          [`child-${i}.ts`]: `export const i = ${i};\n`,
          "domains/eval.ts": "tampered\n",
        });
        await rm(join(wt, "lib/util.ts"));
        const child = await store.commitChild(wt, { nodeId, parentId: "initial", message: `child ${i}` });
        await store.release(wt);
        return child;
      }),
    );
    expect(children.map((c) => c.empty)).toEqual(ids.map(() => false));
    expect(new Set(children.map((c) => c.tree)).size).toBe(8);
    expect(await store.listNodes()).toEqual([...ids, "initial"].sort());
    for (const [i, child] of children.entries()) {
      expect(child.changedFiles.sort()).toEqual([`child-${i}.ts`, "lib/util.ts"]);
      const files = await store.readFiles(child.nodeId);
      expect(files[`child-${i}.ts`]).toBe(`export const i = ${i};\n`);
      expect(files["domains/eval.ts"]).toBe("export const threshold = 0.5;\n");
    }
    expect(registeredWorktrees(store.gitDir)).toEqual([]);
    // Grandchildren in parallel, from different parents.
    const grand = await Promise.all(
      ids.slice(0, 4).map(async (parentId) => {
        const wt = await store.checkout(parentId);
        await writeTree(wt, { "gen2.ts": `export const from = "${parentId}";\n` });
        const child = await store.commitChild(wt, { nodeId: `g2-${parentId}`, parentId, message: "g2" });
        await store.release(wt);
        return child;
      }),
    );
    for (const child of grand) {
      expect(plainGit(store.gitDir, ["rev-parse", `${child.commit}^`]).trim()).toBe(
        plainGit(store.gitDir, ["rev-parse", `refs/archive/${child.parentId}`]).trim(),
      );
    }
    expect(plainGit(store.gitDir, ["fsck", "--no-progress", "--no-dangling"]).trim()).toBe("");
  });
});

describe("pruneWorktrees (resume after a killed run)", () => {
  it("cleans worktrees deleted behind git's back and ones a dead process left, keeping live ones", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const deleted = await store.checkout("initial");
    const leftOver = await store.checkout("initial");
    await writeFile(join(leftOver, "half-done.ts"), "partial edit\n");
    await rm(deleted, { recursive: true, force: true });
    // A folder a killed `git worktree add` left before it was registered.
    await mkdir(join(store.worktreesDir, "initial-0badc0de"));

    // The resumed run: a new store instance over the same repository.
    const resumed = await openProgramStore({ gitDir: store.gitDir });
    const live = await resumed.checkout("initial");
    await resumed.pruneWorktrees();
    expect(registeredWorktrees(store.gitDir)).toEqual([live]);
    expect(await readdir(store.worktreesDir)).toEqual([live.slice(store.worktreesDir.length + 1)]);

    // Checkouts and commits keep working afterwards.
    const wt = await resumed.checkout("initial");
    await writeFile(join(wt, "after.ts"), "export {};\n");
    const child = await resumed.commitChild(wt, {
      nodeId: "after-resume",
      parentId: "initial",
      message: "m",
    });
    expect(child.empty).toBe(false);
    expect(await readFile(join(live, "README.md"), "utf8")).toContain("toy hyperagent");
    await resumed.release(wt);
    await resumed.release(live);
    await resumed.pruneWorktrees();
    expect(registeredWorktrees(store.gitDir)).toEqual([]);
  });

  it("clears stale ref locks and temp indexes a killed commit left", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    await mkdir(join(store.gitDir, "refs", "archive"), { recursive: true });
    await writeFile(join(store.gitDir, "refs", "archive", "g1-c0.lock"), "");
    await writeFile(join(store.gitDir, "hyperagents-index-0123456789ab"), "");
    const resumed = await openProgramStore({ gitDir: store.gitDir });
    await resumed.pruneWorktrees();
    expect(await readdir(join(store.gitDir, "refs", "archive"))).toEqual(["initial"]);
    expect((await readdir(store.gitDir)).filter((name) => name.startsWith("hyperagents-index-"))).toEqual([]);
    const wt = await resumed.checkout("initial");
    await writeFile(join(wt, "x.ts"), "export {};\n");
    expect(
      (await resumed.commitChild(wt, { nodeId: "g1-c0", parentId: "initial", message: "m" })).empty,
    ).toBe(false);
    await resumed.release(wt);
  });

  it("clears a worktree git still marks as locked (killed during worktree add)", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const wt = await store.checkout("initial");
    plainGit(store.gitDir, ["worktree", "lock", "--reason", "initializing", wt]);
    const resumed = await openProgramStore({ gitDir: store.gitDir });
    await resumed.pruneWorktrees();
    expect(registeredWorktrees(store.gitDir)).toEqual([]);
    expect(await resumed.checkout("initial")).toContain(store.worktreesDir);
  });
});

describe("mutex", () => {
  it("runs tasks one at a time, in order, and survives failures", async () => {
    const mutex = createMutex();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) =>
      mutex.run(async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task("a", 20), task("b", 1, true), task("c", 5)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });
});

describe("pruneWorktrees after a kill mid-registration", () => {
  it("drops a worktree record left half-written, so git can list worktrees again", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { openProgramStore } = await import("./store.js");
    const root = mkdtempSync(join(tmpdir(), "ha-broken-record-"));
    const program = join(root, "program");
    mkdirSync(program);
    writeFileSync(join(program, "task_agent.ts"), "export const solve = () => 1;\n");
    const store = await openProgramStore({ gitDir: join(root, "program.git") });
    await store.init(program);
    const kept = await store.checkout("initial");
    // What a SIGKILL between two writes leaves: gitdir written, commondir still empty.
    const broken = join(root, "program.git", "worktrees", "g1c0-0123abcd");
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, "gitdir"), `${join(root, "worktrees", "g1c0-0123abcd", ".git")}\n`);
    writeFileSync(join(broken, "commondir"), "");
    const resumed = await openProgramStore({ gitDir: join(root, "program.git") });
    await resumed.pruneWorktrees();
    const again = await resumed.checkout("initial");
    expect(again).not.toBe(kept);
    await resumed.release(again);
  });
});
