import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../errors.js";
import { isProtected, normalizeProtectedPaths } from "./protected-paths.js";
import { type Fixture, INITIAL_FILES, makeFixture, writeTree } from "./test-support.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe("protected paths", () => {
  it("reverts modified, deleted and added files under protected paths, in the commit and the worktree", async () => {
    fixture = await makeFixture({ protectedPaths: ["domains/", "./README.md"] });
    const { store } = fixture;
    const wt = await store.checkout("initial");
    await writeFile(join(wt, "domains/eval.ts"), "export const threshold = 0;\n"); // modified
    await rm(join(wt, "README.md")); // deleted
    await writeTree(wt, { "domains/labels/answers.json": "[1,2,3]\n" }); // added under a protected folder
    await writeFile(join(wt, "task_agent.ts"), "export const solve = () => 42;\n"); // allowed

    const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    expect(child.empty).toBe(false);
    expect(child.changedFiles).toEqual(["task_agent.ts"]);
    expect(child.diff).not.toContain("domains/");
    expect(await store.readFiles("c")).toEqual({
      ...INITIAL_FILES,
      "task_agent.ts": "export const solve = () => 42;\n",
    });
    // The worktree now matches the commit (the compile gate bundles it next).
    expect(await readFile(join(wt, "domains/eval.ts"), "utf8")).toBe(INITIAL_FILES["domains/eval.ts"]);
    expect(await readFile(join(wt, "README.md"), "utf8")).toBe(INITIAL_FILES["README.md"]);
    expect(await exists(join(wt, "domains/labels"))).toBe(false);
    await store.release(wt);
  });

  it("treats a child that only touched protected paths as empty", async () => {
    fixture = await makeFixture({ protectedPaths: ["domains"] });
    const { store } = fixture;
    const wt = await store.checkout("initial");
    await rm(join(wt, "domains"), { recursive: true });
    await writeTree(wt, { domains: "now a file\n" });
    const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    expect(child.empty).toBe(true);
    expect(await store.has("c")).toBe(false);
    expect(await readFile(join(wt, "domains/eval.ts"), "utf8")).toBe(INITIAL_FILES["domains/eval.ts"]);
    await store.release(wt);
  });

  it("removes a protected path the parent did not have", async () => {
    fixture = await makeFixture({ protectedPaths: ["secrets"] });
    const { store } = fixture;
    const wt = await store.checkout("initial");
    await mkdir(join(wt, "secrets/deep"), { recursive: true });
    await writeFile(join(wt, "secrets/deep/key.txt"), "k\n");
    await writeFile(join(wt, "secretsish.ts"), "export {};\n"); // a sibling with the same prefix is not protected
    const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
    expect(child.changedFiles).toEqual(["secretsish.ts"]);
    expect(await exists(join(wt, "secrets"))).toBe(false);
    await store.release(wt);
  });

  it("normalises paths and rejects ones that leave the program", () => {
    expect(normalizeProtectedPaths(["./domains/", "a\\b", "x.ts"])).toEqual(["domains", "a/b", "x.ts"]);
    for (const bad of ["", ".", "/etc", "../up", "a/../../b", "C:/x"]) {
      expect(() => normalizeProtectedPaths([bad])).toThrow(UserError);
    }
    expect(() => normalizeProtectedPaths([3])).toThrow(UserError);
    expect(isProtected("domains/x.ts", ["domains"])).toBe(true);
    expect(isProtected("domains", ["domains"])).toBe(true);
    expect(isProtected("domainsx/y.ts", ["domains"])).toBe(false);
  });
});
