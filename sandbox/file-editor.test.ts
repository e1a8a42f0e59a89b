import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
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
