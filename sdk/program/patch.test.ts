import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { chmod, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { seededRandom } from "../internal/random.js";
import { splitLines, unifiedHunks } from "./patch.js";
import { type Fixture, makeFixture, plainGit, writeTree } from "./test-support.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

/** git's own patch between two nodes, as the store used to ask for it (paths unquoted). */
function gitPatch(gitDir: string, from: string, to: string): string {
  return plainGit(gitDir, [
    "-c",
    "core.quotePath=false",
    "diff-tree",
    "-r",
    "-p",
    "--no-renames",
    `refs/archive/${from}`,
    `refs/archive/${to}`,
  ]);
}

/**
 * Applies `patch` with `git apply` to a copy of node `from`'s files and returns whether the result
 * has exactly node `to`'s files: the patch says what changed, even where its hunks are placed
 * differently from git's own.
 */
function appliesTo(gitDir: string, from: string, to: string, patch: string): boolean {
  const work = mkdtempSync(join(tmpdir(), "patch-apply-"));
  try {
    const files = (node: string) =>
      plainGit(gitDir, ["ls-tree", "-r", "--name-only", `refs/archive/${node}`])
        .split("\n")
        .filter(Boolean);
    for (const name of files(from)) {
      mkdirSync(dirname(join(work, name)), { recursive: true });
      writeFileSync(join(work, name), plainGit(gitDir, ["show", `refs/archive/${from}:${name}`]));
    }
    writeFileSync(join(work, ".patch"), patch);
    execFileSync("git", ["apply", "--unsafe-paths", ".patch"], { cwd: work, stdio: "pipe" });
    return files(to).every(
      (name) =>
        readFileSync(join(work, name), "utf8") === plainGit(gitDir, ["show", `refs/archive/${to}:${name}`]),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Lines a patch removes and adds: the same counts as git's mean an equally short edit script. */
function editSize(patch: string): number {
  return patch.split("\n").filter((line) => /^[-+](?![-+]{2} )/.test(line)).length;
}

const LONG_FILE = Array.from({ length: 60 }, (_, i) =>
  i % 10 === 0 ? `export function step${i}(x: number) {\n` : i % 10 === 9 ? "}\n" : `  x += ${i};\n`,
).join("");

describe("the store's patches", () => {
  it("for edits, new and deleted files, modes, symlinks, binaries, odd names and missing newlines", async () => {
    fixture = await makeFixture({}, { "long.ts": LONG_FILE, "tail.txt": "a\nb\nc" });
    const { store, dir } = fixture;
    const edits: Array<(wt: string) => Promise<void>> = [
      // Two hunks with function names, an insertion, and a file losing its final newline.
      async (wt) => {
        await writeFile(
          join(wt, "long.ts"),
          LONG_FILE.replace("  x += 3;\n", "  x -= 3;\n")
            .replace("  x += 45;\n", "  x += 45;\n  x *= 2;\n")
            .replace(/\n$/, ""),
        );
        await writeFile(join(wt, "tail.txt"), "a\nb\nc\nd\n");
      },
      // New files (empty, binary, names with a space, a quote, a tab and non-ASCII), a deletion.
      async (wt) => {
        await writeTree(wt, {
          "empty.txt": "",
          "data.bin": Buffer.from([0, 1, 2, 3]),
          "my notes.md": "one\ntwo\n",
          'say "hi".txt': "hi\n",
          "tab\tname.txt": "t\n",
          "héllo/ünïcode.ts": "export const é = 1;\n",
        });
        await rm(join(wt, "README.md"));
      },
      // A mode change alone, a mode change with an edit, a file turned into a symlink.
      async (wt) => {
        await chmod(join(wt, "task_agent.ts"), 0o755);
        await writeFile(join(wt, "meta_agent.ts"), "export async function improve() {}\n");
        await chmod(join(wt, "meta_agent.ts"), 0o755);
        await unlink(join(wt, "lib/util.ts"));
        await symlink("../task_agent.ts", join(wt, "lib/util.ts"));
        await writeFile(join(wt, "data.bin"), Buffer.from([0, 9, 9]));
        await writeFile(join(wt, "my notes.md"), "one\n2\n");
      },
      // The symlink back to a file, deletions of an empty file and a binary.
      async (wt) => {
        await unlink(join(wt, "lib/util.ts"));
        await writeFile(join(wt, "lib/util.ts"), "export const twice = (x: number) => x + x;\n");
        await rm(join(wt, "empty.txt"));
        await rm(join(wt, "data.bin"));
      },
    ];
    let parent = "initial";
    for (const [i, edit] of edits.entries()) {
      const wt = await store.checkout(parent);
      await edit(wt);
      const nodeId = `c${i}`;
      const child = await store.commitChild(wt, { nodeId, parentId: parent, message: `edit ${i}` });
      await store.release(wt);
      expect(child.diff).toBe(gitPatch(store.gitDir, parent, nodeId));
      expect(await store.diff(parent, nodeId)).toBe(child.diff);
      parent = nodeId;
    }
    expect(await store.diff("initial", parent)).toBe(gitPatch(store.gitDir, "initial", parent));
    expect(await store.diff(parent, "initial")).toBe(gitPatch(store.gitDir, parent, "initial"));
    // Objects and refs the store wrote itself pass git's strictest check.
    expect(plainGit(store.gitDir, ["fsck", "--strict", "--no-progress", "--no-dangling"]).trim()).toBe("");
    expect(dir).toBeTruthy();
  });

  it("apply as git applies them for random edits of source files, and are as short as git's", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const random = seededRandom(20_261_130);
    const pick = (n: number) => Math.floor(random() * n);
    const source = splitLines(Buffer.from(LONG_FILE + LONG_FILE.replaceAll("step", "other")));
    let parent = "initial";
    for (let round = 0; round < 12; round++) {
      const lines = [...source];
      for (let edit = 0; edit < 1 + pick(4); edit++) {
        const at = pick(lines.length + 1);
        const kind = pick(4);
        if (kind === 0) lines.splice(at, 1 + pick(3));
        else if (kind === 1) lines.splice(at, 0, ...source.slice(pick(source.length)).slice(0, 1 + pick(6)));
        else if (kind === 2) lines.splice(at, 1, "  x = 0;\n");
        else lines.splice(at, 0, "\n", "export function extra() {\n", "  return 1;\n", "}\n");
      }
      const wt = await store.checkout(parent);
      await writeTree(wt, { "a.ts": source.join(""), "b.ts": lines.join("") });
      const nodeId = `r${round}`;
      await store.commitChild(wt, { nodeId, parentId: parent, message: "random" });
      await store.release(wt);
      const ours = await store.diff(parent, nodeId);
      expect(appliesTo(store.gitDir, parent, nodeId, ours)).toBe(true);
      expect(editSize(ours)).toBeLessThanOrEqual(editSize(gitPatch(store.gitDir, parent, nodeId)));
      parent = nodeId;
    }
  });
});

describe("unifiedHunks", () => {
  it("stays exact on a large rewrite of a 2,000-line file", async () => {
    fixture = await makeFixture();
    const { store } = fixture;
    const random = seededRandom(7);
    const before = Array.from({ length: 2000 }, () => `line ${Math.floor(random() * 40)}\n`);
    const after = before
      .map((line) => (random() < 0.3 ? `changed ${Math.floor(random() * 40)}\n` : line))
      .filter(() => random() > 0.05);
    for (const [nodeId, parentId, lines] of [
      ["big1", "initial", before],
      ["big2", "big1", after],
    ] as const) {
      const wt = await store.checkout(parentId);
      await writeTree(wt, { "big.txt": lines.join("") });
      await store.commitChild(wt, { nodeId, parentId, message: nodeId });
      await store.release(wt);
    }
    const ours = await store.diff("big1", "big2");
    expect(appliesTo(store.gitDir, "big1", "big2", ours)).toBe(true);
    // Ours is a shortest edit script; git's gives up on optimality past a cost cut-off.
    expect(editSize(ours)).toBeLessThanOrEqual(editSize(gitPatch(store.gitDir, "big1", "big2")));
  });

  it("reports a repeated closing line as added below the block, where people read it", () => {
    expect(unifiedHunks(["x\n", "}\n"], ["x\n", "}\n", "y\n", "}\n"])).toBe(
      "@@ -1,2 +1,4 @@\n x\n }\n+y\n+}\n",
    );
    expect(unifiedHunks(["a\n", "b\n", "c\n"], ["a\n", "c\n"])).toBe("@@ -1,3 +1,2 @@\n a\n-b\n c\n");
  });

  it("is empty for equal files and counts from 0 for a new one", () => {
    expect(unifiedHunks(["a\n"], ["a\n"])).toBe("");
    expect(unifiedHunks([], ["a\n", "b"])).toBe("@@ -0,0 +1,2 @@\n+a\n+b\n\\ No newline at end of file\n");
  });
});
