import { execFileSync } from "node:child_process";
import { link, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileEditor, isEditorError } from "./file-editor.js";

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "hyperagents-editor-"));
  root = join(base, "worktree");
  outside = join(base, "outside");
  await mkdir(join(root, "src"), { recursive: true });
  await mkdir(join(root, "tests"), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, "src", "a.ts"), "one\ntwo\nthree\n");
  await writeFile(join(root, "tests", "t.ts"), "protected\n");
  await writeFile(join(outside, "secret.txt"), "secret\n");
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("createFileEditor", () => {
  it("views files with line numbers and ranges, and folders as listings", async () => {
    const editor = createFileEditor({ root });
    expect(await editor.view("src/a.ts")).toBe("     1\tone\n     2\ttwo\n     3\tthree\n     4\t");
    expect(await editor.view("src/a.ts", [2, 3])).toBe("     2\ttwo\n     3\tthree");
    expect(await editor.view("src/a.ts", [2, -1])).toContain("     3\tthree");
    expect(await editor.view("src/a.ts", [0, 9])).toMatch(/^Error: range/);
    expect(await editor.view(".")).toBe("src/\nsrc/a.ts\ntests/\ntests/t.ts");
    expect(await editor.list("src")).toBe("src/a.ts");
    expect(await editor.view("nope.ts")).toBe("Error: nope.ts does not exist");
  });

  it("creates, replaces a unique match, inserts, and undoes each step", async () => {
    const editor = createFileEditor({ root });
    expect(await editor.create("new/b.ts", "x\ny\n")).toMatch(/^Created new\/b.ts/);
    expect(await readFile(join(root, "new", "b.ts"), "utf8")).toBe("x\ny\n");
    expect(await editor.strReplace("src/a.ts", "two", "TWO")).toMatch(/line 2/);
    expect(await editor.strReplace("src/a.ts", "missing", "z")).toMatch(/^Error: oldStr was not found/);
    await editor.create("dup.ts", "a a");
    expect(await editor.strReplace("dup.ts", "a", "b")).toMatch(/^Error: oldStr occurs 2 times/);
    expect(await editor.insert("src/a.ts", 0, "zero")).toMatch(/after line 0/);
    expect(await readFile(join(root, "src", "a.ts"), "utf8")).toBe("zero\none\nTWO\nthree\n");
    expect(await editor.insert("src/a.ts", 99, "x")).toMatch(/^Error: line must be/);
    expect(await editor.undo("src/a.ts")).toMatch(/Reverted/);
    expect(await editor.undo("src/a.ts")).toMatch(/Reverted/);
    expect(await readFile(join(root, "src", "a.ts"), "utf8")).toBe("one\ntwo\nthree\n");
    expect(await editor.undo("src/a.ts")).toMatch(/^Error: no edit/);
    expect(await editor.undo("new/b.ts")).toMatch(/Undid the creation/);
    expect(await editor.view("new/b.ts")).toMatch(/^Error: .*does not exist/);
  });

  it.each([
    ["../outside/secret.txt"],
    ["src/../../outside/secret.txt"],
    ["/etc/passwd"],
    ["C:\\Windows\\win.ini"],
    ["src/\0x"],
  ])("refuses the path %j", async (path) => {
    const editor = createFileEditor({ root });
    expect(isEditorError(await editor.view(path))).toBe(true);
    expect(isEditorError(await editor.create(path, "pwned"))).toBe(true);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("secret\n");
  });

  it("refuses symbolic links that leave the root, for reads and writes, dangling ones included", async () => {
    await symlink(outside, join(root, "escape"));
    await symlink(join(outside, "secret.txt"), join(root, "secret-link"));
    await symlink(join(outside, "not-yet.txt"), join(root, "dangling"));
    const editor = createFileEditor({ root });
    expect(await editor.view("escape/secret.txt")).toMatch(/^Error: .*leaves the folder/);
    expect(await editor.create("escape/new.txt", "x")).toMatch(/^Error: .*leaves the folder/);
    expect(await editor.view("secret-link")).toMatch(/^Error: .*leaves the folder/);
    expect(await editor.strReplace("secret-link", "secret", "x")).toMatch(/^Error:/);
    expect(await editor.create("dangling", "x")).toMatch(/^Error: .*points nowhere/);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("secret\n");
    await expect(readFile(join(outside, "not-yet.txt"))).rejects.toThrow();
  });

  it("keeps protected paths read-only, also through a link inside the root", async () => {
    await symlink(join(root, "tests"), join(root, "alias"));
    const editor = createFileEditor({ root, protected: ["tests"] });
    expect(await editor.view("tests/t.ts")).toContain("protected");
    expect(await editor.create("tests/t.ts", "x")).toBe("Error: tests/t.ts is protected (read-only)");
    expect(await editor.create("tests/new.ts", "x")).toMatch(/protected/);
    expect(await editor.strReplace("alias/t.ts", "protected", "x")).toMatch(/protected/);
    expect(await editor.insert("tests/t.ts", 0, "x")).toMatch(/protected/);
    expect(await readFile(join(root, "tests", "t.ts"), "utf8")).toBe("protected\n");
  });

  it("bounds file sizes", async () => {
    const editor = createFileEditor({ root, maxFileBytes: 10 });
    expect(await editor.create("big.txt", "x".repeat(11))).toMatch(/^Error: .*exceed 10 bytes/);
  });
});

describe("the repository's .git", () => {
  beforeEach(async () => {
    // A worktree's .git is a file naming the host's repository; a clone's is a folder.
    await writeFile(join(root, ".git"), `gitdir: ${join(base, "program.git", "worktrees", "w")}\n`);
    await mkdir(join(root, "sub", ".GIT"), { recursive: true });
    await writeFile(join(root, "sub", ".GIT", "config"), "[core]\n");
  });

  it("is hidden from listings in any letter case", async () => {
    const editor = createFileEditor({ root });
    const listing = await editor.list();
    expect(listing).not.toMatch(/\.git/i);
    expect(await editor.view("sub")).not.toMatch(/\.git/i);
  });

  it.each([
    [".git"],
    [".GIT"],
    [".Git/config"],
    ["./.git"],
    ["sub/.GIT/config"],
    ["sub\\.git\\config"],
    [".git."],
    [".git ... "],
    [".git::$INDEX_ALLOCATION"],
    ["GIT~1"],
    [".g\u200cit"],
    ["\ufeff.git/HEAD"],
  ])("%j is refused for reading and writing, without host paths", async (path) => {
    const editor = createFileEditor({ root });
    for (const result of [
      await editor.view(path),
      await editor.list(path),
      await editor.create(path, "pwned"),
      await editor.strReplace(path, "gitdir", "pwned"),
      await editor.insert(path, 0, "pwned"),
    ]) {
      expect(result).toMatch(/^Error: .*\.git/);
      expect(result).not.toContain(base);
    }
    expect(await readFile(join(root, ".git"), "utf8")).toMatch(/^gitdir: /);
    expect(await readFile(join(root, "sub", ".GIT", "config"), "utf8")).toBe("[core]\n");
  });

  it("is refused through a link inside the folder that points at it", async () => {
    await symlink(join(root, "sub", ".GIT"), join(root, "innocent"));
    const editor = createFileEditor({ root });
    expect(await editor.view("innocent/config")).toMatch(/^Error: .*\.git/);
    expect(await editor.create("innocent/hooks-pre-commit", "x")).toMatch(/^Error: /);
  });

  it("does not hide names that only look alike", async () => {
    const editor = createFileEditor({ root });
    for (const name of [".gitignore", ".github/ci.yml", "git", "my.git", ".git-notes"]) {
      expect(await editor.create(name, "ok")).toMatch(/^Created/);
    }
  });
});

describe("files that are not plain, singly linked files", () => {
  it("a hard link to a file outside the folder is neither read nor overwritten", async () => {
    await link(join(outside, "secret.txt"), join(root, "linked.txt"));
    const editor = createFileEditor({ root });
    expect(await editor.view("linked.txt")).toMatch(/^Error: .*hard links/);
    expect(await editor.strReplace("linked.txt", "secret", "pwned")).toMatch(/^Error: /);
    expect(await editor.create("linked.txt", "pwned")).toMatch(/^Error: /);
    expect(await editor.insert("linked.txt", 0, "pwned")).toMatch(/^Error: /);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("secret\n");
  });

  it("a FIFO is refused at once, and does not tie up the host's I/O threads", async () => {
    execFileSync("mkfifo", [join(root, "pipe")]);
    const editor = createFileEditor({ root });
    // More reads than libuv has threads (4): a blocking open would wedge every later file call.
    const results = await Promise.all(Array.from({ length: 8 }, () => editor.view("pipe")));
    for (const result of results) expect(result).toMatch(/^Error: .*not a regular file/);
    expect(await editor.create("pipe", "x")).toMatch(/^Error: /);
    expect(await editor.view("src/a.ts")).toMatch(/one/);
  });

  it("writes replace the file through a temporary file, leaving nothing behind", async () => {
    const editor = createFileEditor({ root });
    const before = (await stat(join(root, "src", "a.ts"))).ino;
    expect(await editor.strReplace("src/a.ts", "two", "2")).toMatch(/^Replaced/);
    expect(await readFile(join(root, "src", "a.ts"), "utf8")).toBe("one\n2\nthree\n");
    expect((await stat(join(root, "src", "a.ts"))).ino).not.toBe(before);
    expect(await readdir(join(root, "src"))).toEqual(["a.ts"]);
    expect(await editor.undo("src/a.ts")).toMatch(/^Reverted/);
    expect(await readFile(join(root, "src", "a.ts"), "utf8")).toBe("one\ntwo\nthree\n");
  });
});

describe("the write budget", () => {
  it("refuses a write past maxWriteBytes with an Error result, counting every write", async () => {
    const editor = createFileEditor({ root, maxWriteBytes: 1_000 });
    expect(await editor.create("a.txt", "x".repeat(600))).toMatch(/^Created/);
    const refused = await editor.create("b.txt", "y".repeat(600));
    expect(refused).toMatch(/^Error: .*write budget of 1000 bytes \(600 written so far\)/);
    await expect(readFile(join(root, "b.txt"))).rejects.toThrow();
    // Rewriting the same file counts again: the budget bounds bytes written, not bytes kept.
    expect(await editor.create("a.txt", "z".repeat(400))).toMatch(/^Created/);
    expect(await editor.insert("a.txt", 0, "more")).toMatch(/^Error: .*write budget/);
  });
});
