import { existsSync } from "node:fs";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HyperagentsError } from "../errors.js";
import { createRefInProcess, refsWritableInProcess } from "./refs.js";
import { openProgramStore } from "./store.js";
import { type Fixture, makeFixture, plainGit } from "./test-support.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function child(f: Fixture, nodeId: string, parentId: string, content: string) {
  const wt = await f.store.checkout(parentId);
  await writeFile(join(wt, "task_agent.ts"), content);
  try {
    return await f.store.commitChild(wt, { nodeId, parentId, message: nodeId });
  } finally {
    await f.store.release(wt);
  }
}

describe("refs written in-process", () => {
  it("are refs git reads and fsck accepts, with no lock left behind", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    expect(refsWritableInProcess(store.gitDir)).toBe(true);
    const made = await child(fixture, "c1", "initial", "export const solve = () => 1;\n");
    expect(plainGit(store.gitDir, ["rev-parse", "refs/archive/c1"]).trim()).toBe(made.commit);
    expect(plainGit(store.gitDir, ["for-each-ref", "--format=%(refname)"]).trim().split("\n")).toEqual([
      "refs/archive/c1",
      "refs/archive/initial",
    ]);
    expect(existsSync(join(store.gitDir, "refs/archive/c1.lock"))).toBe(false);
    expect(plainGit(store.gitDir, ["fsck", "--strict", "--no-progress", "--no-dangling"]).trim()).toBe("");
  });

  it("see refs git packed: the same child again is fine, another program under its id is not", async () => {
    fixture = await makeFixture();
    const first = await child(fixture, "c1", "initial", "export const solve = () => 1;\n");
    plainGit(fixture.store.gitDir, ["pack-refs", "--all"]);
    expect(existsSync(join(fixture.store.gitDir, "refs/archive/c1"))).toBe(false);
    expect(createRefInProcess(fixture.store.gitDir, "refs/archive/c1", first.commit)).toBe("exists");
    const again = await child(fixture, "c1", "initial", "export const solve = () => 1;\n");
    expect(again.commit).toBe(first.commit);
    await expect(child(fixture, "c1", "initial", "export const solve = () => 2;\n")).rejects.toSatisfy(
      (error: unknown) => HyperagentsError.is(error) && error.kind === "user",
    );
    await child(fixture, "c2", "c1", "export const solve = () => 3;\n");
    expect(plainGit(fixture.store.gitDir, ["rev-parse", "refs/archive/c2^"]).trim()).toBe(first.commit);
  });

  it("leave git to decide when a lock is held or a folder stands where the ref goes", async () => {
    fixture = await makeFixture();
    const { gitDir } = fixture.store;
    const commit = plainGit(gitDir, ["rev-parse", "refs/archive/initial"]).trim();
    await writeFile(join(gitDir, "refs/archive/held.lock"), "");
    expect(createRefInProcess(gitDir, "refs/archive/held", commit)).toBe("ask-git");
    expect(existsSync(join(gitDir, "refs/archive/held.lock"))).toBe(true);
    await mkdir(join(gitDir, "refs/archive/folder/inside"), { recursive: true });
    expect(createRefInProcess(gitDir, "refs/archive/folder", commit)).toBe("ask-git");
    expect(existsSync(join(gitDir, "refs/archive/folder.lock"))).toBe(false);
    expect(createRefInProcess(gitDir, "refs/archive/fresh", commit)).toBe("created");
    expect(createRefInProcess(gitDir, "refs/archive/fresh", commit)).toBe("exists");
  });

  it("are not written by this process when the repository keeps reflogs or another ref format", async () => {
    fixture = await makeFixture();
    const { gitDir } = fixture.store;
    await appendFile(join(gitDir, "config"), "[core]\n\tlogAllRefUpdates = always\n");
    expect(refsWritableInProcess(gitDir)).toBe(false);
    expect(refsWritableInProcess(join(gitDir, "missing"))).toBe(false);
    // A store opened now lets git write the ref, and with it the reflog the setting asks for.
    const reopened = { ...fixture, store: await openProgramStore({ gitDir }) };
    await child(reopened, "c1", "initial", "export const solve = () => 1;\n");
    expect(existsSync(join(gitDir, "logs/refs/archive/c1"))).toBe(true);
  });
});
