// Checkouts are plain folders the store writes itself, registered as git worktrees by hand:
// these tests hold them to what `git worktree add` + `git add -A` gave.
import { execFileSync } from "node:child_process";
import { chmod, lstat, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { devNull } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openProgramStore } from "./store.js";
import { type Fixture, INITIAL_FILES, makeFixture, plainGit, writeTree } from "./test-support.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** Plain git inside a checkout, as a person debugging a run would use it. */
function gitIn(worktree: string, args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("GIT_")));
  return execFileSync("git", args, {
    cwd: worktree,
    encoding: "utf8",
    env: { ...env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: devNull },
  });
}

describe("checkouts", () => {
  it("are git worktrees: clean status, HEAD at the node, fsck-clean while live", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const wt = await store.checkout("initial");
    expect(gitIn(wt, ["status", "--porcelain"])).toBe("");
    expect(gitIn(wt, ["rev-parse", "HEAD"]).trim()).toBe(
      plainGit(store.gitDir, ["rev-parse", "refs/archive/initial"]).trim(),
    );
    await writeFile(join(wt, "task_agent.ts"), "export const solve = () => 0;\n");
    expect(gitIn(wt, ["status", "--porcelain"])).toBe(" M task_agent.ts\n");
    const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    // The index follows the commit, as after `git add -A`: staged against the parent HEAD.
    expect(gitIn(wt, ["diff", "--cached", "--name-only"])).toBe("task_agent.ts\n");
    expect(gitIn(wt, ["write-tree"]).trim()).toBe(child.tree);
    expect(plainGit(store.gitDir, ["fsck", "--no-progress", "--no-dangling"]).trim()).toBe("");
    await store.release(wt);
  });

  it("keep file modes and symlinks, and commit changes to them", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const wt = await store.checkout("initial");
    await writeTree(wt, { "run.sh": "#!/bin/sh\necho hi\n" });
    await chmod(join(wt, "run.sh"), 0o755);
    await symlink("README.md", join(wt, "readme-link"));
    const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    expect(child.changedFiles).toEqual(["readme-link", "run.sh"]);
    expect(plainGit(store.gitDir, ["ls-tree", "refs/archive/c", "run.sh", "readme-link"])).toMatch(
      /^120000 blob \w+\treadme-link\n100755 blob \w+\trun\.sh\n$/,
    );
    await store.release(wt);

    const again = await store.checkout("c");
    expect((await lstat(join(again, "run.sh"))).mode & 0o100).toBe(0o100);
    expect(await readlink(join(again, "readme-link"))).toBe("README.md");
    await chmod(join(again, "run.sh"), 0o644);
    const modeOnly = await store.commitChild(again, { nodeId: "c2", parentId: "c", message: "m" });
    expect(modeOnly.changedFiles).toEqual(["run.sh"]);
    expect(modeOnly.diff).toContain("old mode 100755\nnew mode 100644");
    await store.release(again);
  });

  it("honour the program's .gitignore for new files, not for tracked ones", async () => {
    fixture = await makeFixture({}, { ".gitignore": "*.log\nbuild/\n", "notes.txt": "tracked\n" });
    const { store } = fixture;
    const wt = await store.checkout("initial");
    await writeTree(wt, {
      "debug.log": "noise\n",
      "build/out.js": "x\n",
      "src/new.ts": "export {};\n",
      // A tracked file stays tracked when a new rule matches it.
      ".gitignore": "*.log\nbuild/\nnotes.txt\n",
      "notes.txt": "tracked, edited\n",
    });
    const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    expect(child.changedFiles).toEqual([".gitignore", "notes.txt", "src/new.ts"]);
    expect(Object.keys(await store.readFiles("c"))).not.toContain("debug.log");
    await store.release(wt);
  });

  it("ignore .git entries and empty folders", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const wt = await store.checkout("initial");
    await writeTree(wt, { "sub/.git": "gitdir: nowhere\n", "empty/.keep-me-not/x": "y" });
    await rm(join(wt, "empty/.keep-me-not/x"));
    const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    expect(child.empty).toBe(true);
    await store.release(wt);
  });
});

describe("readFiles cache", () => {
  it("returns a copy each time, and a fresh instance reads the same from git", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const first = await store.readFiles("initial");
    first["README.md"] = "changed by a caller\n";
    expect(await store.readFiles("initial")).toEqual(INITIAL_FILES);

    const wt = await store.checkout("initial");
    await writeTree(wt, { "new.ts": "export const n = 1;\n" });
    await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    await store.release(wt);
    const fresh = await openProgramStore({ gitDir: store.gitDir, create: false });
    expect(await fresh.readFiles("c")).toEqual(await store.readFiles("c"));
    expect(await readFile(join(store.gitDir, "HEAD"), "utf8")).toContain("ref:");
  });
});
