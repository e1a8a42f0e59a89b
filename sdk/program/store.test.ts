import { mkdir, readdir, readFile, realpath, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HyperagentsError } from "../errors.js";
import { openProgramStore } from "./store.js";
import { type Fixture, INITIAL_FILES, makeFixture, plainGit, writeTree } from "./test-support.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

async function setup(...args: Parameters<typeof makeFixture>): Promise<Fixture> {
  fixture = await makeFixture(...args);
  return fixture;
}

function isUserError(error: unknown): boolean {
  return HyperagentsError.is(error) && error.kind === "user";
}

describe("init", () => {
  it("commits the folder as the root node", async () => {
    const { store, dir } = await setup();
    expect(await store.has("initial")).toBe(true);
    expect(await store.listNodes()).toEqual(["initial"]);
    expect(await store.readFiles("initial")).toEqual(INITIAL_FILES);
    expect((await stat(join(dir, "program.git", "HEAD"))).isFile()).toBe(true);
    expect(plainGit(store.gitDir, ["rev-parse", "--is-bare-repository"]).trim()).toBe("true");
  });

  it("is idempotent for the same content and refuses different content", async () => {
    const { store, dir } = await setup();
    const first = await store.treeOf("initial");
    const again = await store.init(join(dir, "seed"));
    expect(again.tree).toBe(first);
    expect(again.commit).toBe(plainGit(store.gitDir, ["rev-parse", "refs/archive/initial"]).trim());
    // Reopening the same repository (a resumed run) sees the same node.
    const reopened = await openProgramStore({ gitDir: store.gitDir });
    expect((await reopened.init(join(dir, "seed"))).commit).toBe(again.commit);

    await writeFile(join(dir, "seed", "task_agent.ts"), "export const solve = () => 1;\n");
    await expect(store.init(join(dir, "seed"))).rejects.toSatisfy(isUserError);
    // Another root id is fine.
    const other = await store.init(join(dir, "seed"), { nodeId: "initial-b", message: "second root" });
    expect(other.tree).not.toBe(first);
    expect(plainGit(store.gitDir, ["log", "-1", "--format=%s", "refs/archive/initial-b"]).trim()).toBe(
      "second root",
    );
  });

  it("honours the folder's .gitignore and rejects an empty or missing folder", async () => {
    const { store, dir } = await setup(
      {},
      { ".gitignore": "node_modules/\n", "node_modules/x/index.js": "x\n" },
    );
    expect(Object.keys(await store.readFiles("initial"))).not.toContain("node_modules/x/index.js");
    await mkdir(join(dir, "empty"));
    await expect(store.init(join(dir, "empty"), { nodeId: "e" })).rejects.toSatisfy(isUserError);
    await expect(store.init(join(dir, "missing"), { nodeId: "m" })).rejects.toSatisfy(isUserError);
  });

  it("refuses a gitDir that is not a bare repository", async () => {
    const { dir } = await setup();
    await expect(openProgramStore({ gitDir: join(dir, "seed") })).rejects.toSatisfy(isUserError);
    await expect(openProgramStore({ gitDir: join(dir, "typo.git"), create: false })).rejects.toSatisfy(
      isUserError,
    );
    await expect(stat(join(dir, "typo.git"))).rejects.toThrow();
  });
});

describe("checkout and commitChild", () => {
  it("commits edits, additions and deletions; readFiles returns the new program", async () => {
    const { store } = await setup();
    const wt = await store.checkout("initial");
    expect(await readFile(join(wt, "task_agent.ts"), "utf8")).toBe(INITIAL_FILES["task_agent.ts"]);
    await writeFile(join(wt, "task_agent.ts"), "export const solve = (s: string) => s;\n");
    await writeTree(wt, { "tools/new tool.ts": "export const t = 1;\n" });
    await rm(join(wt, "lib/util.ts"));

    const child = await store.commitChild(wt, {
      nodeId: "g1-c0",
      parentId: "initial",
      message: "simplify solve",
    });
    expect(child.empty).toBe(false);
    expect(child.parentId).toBe("initial");
    expect(child.changedFiles.sort()).toEqual(["lib/util.ts", "task_agent.ts", "tools/new tool.ts"]);
    expect(child.tree).toBe(await store.treeOf("g1-c0"));
    expect(child.commit).toBe(plainGit(store.gitDir, ["rev-parse", "refs/archive/g1-c0"]).trim());
    expect(plainGit(store.gitDir, ["rev-parse", `${child.commit}^`]).trim()).toBe(
      plainGit(store.gitDir, ["rev-parse", "refs/archive/initial"]).trim(),
    );

    const expected: Record<string, string> = { ...INITIAL_FILES };
    delete expected["lib/util.ts"];
    expected["task_agent.ts"] = "export const solve = (s: string) => s;\n";
    expected["tools/new tool.ts"] = "export const t = 1;\n";
    expect(await store.readFiles("g1-c0")).toEqual(expected);
    // The parent is untouched.
    expect(await store.readFiles("initial")).toEqual(INITIAL_FILES);
    await store.release(wt);
  });

  it("returns a unified diff with new and deleted files, equal to diff(parent, child)", async () => {
    const { store } = await setup();
    const wt = await store.checkout("initial");
    await writeTree(wt, { "notes.md": "line one\nline two\n", "README.md": "# renamed\n" });
    await rm(join(wt, "lib/util.ts"));
    const child = await store.commitChild(wt, { nodeId: "c1", parentId: "initial", message: "m" });
    expect(child.diff).toContain("diff --git a/notes.md b/notes.md");
    expect(child.diff).toContain("new file mode 100644");
    expect(child.diff).toContain("+line two");
    expect(child.diff).toContain("deleted file mode 100644");
    expect(child.diff).toContain("-# toy hyperagent");
    expect(child.diff).toContain("+# renamed");
    expect(await store.diff("initial", "c1")).toBe(child.diff);
    expect(await store.diff("c1", "c1")).toBe("");
    await store.release(wt);
  });

  it("detects an empty child: no commit, no ref", async () => {
    const { store } = await setup();
    const wt = await store.checkout("initial");
    // Rewriting a file with the same content is no change.
    await writeFile(join(wt, "README.md"), INITIAL_FILES["README.md"]!);
    const child = await store.commitChild(wt, { nodeId: "c-empty", parentId: "initial", message: "nothing" });
    expect(child).toMatchObject({
      empty: true,
      diff: "",
      changedFiles: [],
      tree: await store.treeOf("initial"),
    });
    expect(await store.has("c-empty")).toBe(false);
    expect(await store.listNodes()).toEqual(["initial"]);
    await store.release(wt);
  });

  it("gives identical programs the same tree, and findByTree finds the earliest node", async () => {
    const { store } = await setup();
    const edit = async (nodeId: string) => {
      const wt = await store.checkout("initial");
      await writeTree(wt, { "extra.ts": "export const same = true;\n" });
      const child = await store.commitChild(wt, { nodeId, parentId: "initial", message: nodeId });
      await store.release(wt);
      return child;
    };
    const a = await edit("a");
    const b = await edit("b");
    expect(b.tree).toBe(a.tree);
    expect(b.commit).not.toBe(a.commit);
    expect(await store.findByTree(a.tree)).toBe("a");
    expect(await store.findByTree(await store.treeOf("initial"))).toBe("initial");
    expect(await store.findByTree("0".repeat(40))).toBeUndefined();
    // A fresh instance (resume) reads the trees from git.
    const reopened = await openProgramStore({ gitDir: store.gitDir });
    expect(["a", "b"]).toContain(await reopened.findByTree(a.tree));
    expect(await reopened.listNodes()).toEqual(["a", "b", "initial"]);
  });

  it("builds lineage: git log --graph --all shows each child on its parent", async () => {
    const { store } = await setup();
    const lineage: Array<[string, string]> = [
      ["g1-a", "initial"],
      ["g1-b", "initial"],
      ["g2-a", "g1-a"],
      ["g3-a", "g2-a"],
      ["g3-b", "g1-b"],
    ];
    for (const [nodeId, parentId] of lineage) {
      const wt = await store.checkout(parentId);
      await writeTree(wt, { [`${nodeId}.ts`]: `export const id = "${nodeId}";\n` });
      await store.commitChild(wt, { nodeId, parentId, message: `child ${nodeId}` });
      await store.release(wt);
    }
    // Refs outside refs/heads and refs/tags are decorated only when asked for (git >= 2.38).
    const graph = plainGit(store.gitDir, [
      "log",
      "--graph",
      "--all",
      "--decorate-refs=refs/archive/",
      "--format=@%h|%p|%D",
    ]);
    const shortToId = new Map<string, string>();
    const drawnEdges: Array<[string, string[]]> = [];
    for (const line of graph.split("\n").filter((l) => l.includes("@"))) {
      expect(line.slice(0, line.indexOf("@"))).toMatch(/^[|/\\ ]*\*[|/\\ ]*$/);
      const [hash = "", parents = "", refs = ""] = line.slice(line.indexOf("@") + 1).split("|");
      const ids = refs.split(", ").map((ref) => ref.replace(/^refs\/archive\//, ""));
      expect(ids).toHaveLength(1);
      shortToId.set(hash, ids[0]!);
      drawnEdges.push([hash, parents.split(" ").filter((p) => p !== "")]);
    }
    const childToParent = Object.fromEntries(
      drawnEdges.map(([hash, parents]) => [
        shortToId.get(hash),
        parents.map((p) => shortToId.get(p) ?? p)[0] ?? null,
      ]),
    );
    expect(childToParent).toEqual({ ...Object.fromEntries(lineage), initial: null });
    expect(drawnEdges.every(([, parents]) => parents.length <= 1)).toBe(true);
    // The repository's own config makes plain `--decorate` name the nodes.
    const oneline = plainGit(store.gitDir, ["log", "--graph", "--all", "--oneline", "--decorate"]);
    for (const [nodeId] of lineage) expect(oneline).toContain(`(refs/archive/${nodeId})`);
  });

  it("commits with the given author and records node ids as trailers", async () => {
    const { store } = await setup();
    const wt = await store.checkout("initial");
    await writeTree(wt, { "x.ts": "export {};\n" });
    await store.commitChild(wt, {
      nodeId: "n1",
      parentId: "initial",
      message: "why",
      author: "Meta Agent <meta@x.org>",
    });
    const log = plainGit(store.gitDir, ["log", "-1", "--format=%an|%ae|%cn|%B", "refs/archive/n1"]);
    expect(log).toContain("Meta Agent|meta@x.org|hyperagents|why");
    expect(log).toContain("Hyperagents-Node: n1");
    expect(log).toContain("Hyperagents-Parent: initial");
    await store.release(wt);
  });

  it("accepts the same child twice (resume) but not a different program under a used id", async () => {
    const { store } = await setup();
    const wt = await store.checkout("initial");
    await writeTree(wt, { "x.ts": "export {};\n" });
    const first = await store.commitChild(wt, { nodeId: "n1", parentId: "initial", message: "m" });
    const again = await store.commitChild(wt, { nodeId: "n1", parentId: "initial", message: "m" });
    expect(again.commit).toBe(first.commit);
    await writeTree(wt, { "x.ts": "export const changed = 1;\n" });
    await expect(
      store.commitChild(wt, { nodeId: "n1", parentId: "initial", message: "m" }),
    ).rejects.toSatisfy(isUserError);
    await store.release(wt);
  });

  it("skips binary files in readFiles and reports them", async () => {
    const { store } = await setup({}, { "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) });
    const skipped: string[] = [];
    const files = await store.readFiles("initial", {
      onSkip: (path, reason) => skipped.push(`${path}:${reason}`),
    });
    expect(files).toEqual(INITIAL_FILES);
    expect(skipped).toEqual(["logo.png:binary"]);
  });
});

describe("removeNode", () => {
  it("deletes a node's ref and forgets it; the id can be used again", async () => {
    const { store } = await setup();
    const wt = await store.checkout("initial");
    await writeTree(wt, { "lost.ts": "export {};\n" });
    const lost = await store.commitChild(wt, { nodeId: "lost", parentId: "initial", message: "m" });
    expect(await store.findByTree(lost.tree)).toBe("lost");
    expect(await store.removeNode("lost")).toBe(true);
    expect(await store.removeNode("lost")).toBe(false);
    expect(await store.has("lost")).toBe(false);
    expect(await store.findByTree(lost.tree)).toBeUndefined();
    expect(await store.listNodes()).toEqual(["initial"]);
    await writeTree(wt, { "lost.ts": "export const again = 1;\n" });
    expect((await store.commitChild(wt, { nodeId: "lost", parentId: "initial", message: "m" })).empty).toBe(
      false,
    );
    await store.release(wt);
  });
});

describe("environment", () => {
  it("ignores GIT_* variables of a surrounding git process (e.g. running inside a hook)", async () => {
    const saved = { ...process.env };
    process.env.GIT_DIR = join(tmpdir(), "not-a-repo");
    process.env.GIT_INDEX_FILE = join(tmpdir(), "not-an-index");
    process.env.GIT_WORK_TREE = tmpdir();
    try {
      const { store } = await setup();
      const wt = await store.checkout("initial");
      await writeTree(wt, { "x.ts": "export {};\n" });
      const child = await store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m" });
      expect(child.changedFiles).toEqual(["x.ts"]);
      await store.release(wt);
    } finally {
      for (const key of ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});

describe("export", () => {
  it("writes the node's program as a plain folder", async () => {
    const { store, dir } = await setup();
    const out = join(dir, "exported");
    await store.export("initial", out);
    const names = await readdir(out, { recursive: true });
    expect(names).not.toContain(".git");
    for (const [path, content] of Object.entries(INITIAL_FILES)) {
      expect(await readFile(join(out, path), "utf8")).toBe(content);
    }
    // An empty existing folder is fine; a non-empty one is not.
    await mkdir(join(dir, "empty-out"));
    await store.export("initial", join(dir, "empty-out"));
    await expect(store.export("initial", out)).rejects.toSatisfy(isUserError);
  });
});

describe("worktrees", () => {
  it("checks out several worktrees of one node at once", async () => {
    const { store } = await setup();
    const trees = await Promise.all([1, 2, 3, 4].map(() => store.checkout("initial")));
    expect(new Set(trees).size).toBe(4);
    for (const wt of trees)
      expect(await readFile(join(wt, "README.md"), "utf8")).toBe(INITIAL_FILES["README.md"]);
    await Promise.all(trees.map((wt) => store.release(wt)));
    for (const wt of trees) await expect(stat(wt)).rejects.toThrow();
  });

  it("works through a symlinked run directory (macOS tmp) and reports real paths", async () => {
    const { dir } = await setup();
    await mkdir(join(dir, "real-run"));
    await symlink(join(dir, "real-run"), join(dir, "link-run"));
    const store = await openProgramStore({ gitDir: join(dir, "link-run", "program.git") });
    expect(store.gitDir).toBe(join(await realpath(dir), "real-run", "program.git"));
    await store.init(join(dir, "seed"));
    const wt = await store.checkout("initial");
    await writeTree(wt, { "x.ts": "export {};\n" });
    const viaLink = wt.replace(await realpath(dir), dir).replace("real-run", "link-run");
    expect((await store.commitChild(viaLink, { nodeId: "c", parentId: "initial", message: "m" })).empty).toBe(
      false,
    );
    await store.pruneWorktrees();
    expect((await stat(wt)).isDirectory()).toBe(true);
    await store.release(viaLink);
    await expect(stat(wt)).rejects.toThrow();
  });

  it("release is safe to call twice", async () => {
    const { store } = await setup();
    const wt = await store.checkout("initial");
    await store.release(wt);
    await store.release(wt);
    expect(plainGit(store.gitDir, ["worktree", "list", "--porcelain"])).not.toContain(wt);
  });

  it("refuses to release a folder that is not one of its worktrees", async () => {
    const { store, dir } = await setup();
    await expect(store.release(join(dir, "seed"))).rejects.toSatisfy(isUserError);
    expect((await stat(join(dir, "seed", "README.md"))).isFile()).toBe(true);
  });
});

describe("bad input", () => {
  it("rejects unsafe node ids with a UserError", async () => {
    const { store, dir } = await setup();
    for (const bad of ["", ".hidden", "-flag", "a/b", "a..b", "x.lock", "sp ace", "a~1", "end.", "ü"]) {
      await expect(store.has(bad)).rejects.toSatisfy(isUserError);
      await expect(store.checkout(bad)).rejects.toSatisfy(isUserError);
      await expect(store.init(join(dir, "seed"), { nodeId: bad })).rejects.toSatisfy(isUserError);
    }
    const wt = await store.checkout("initial");
    await writeTree(wt, { "x.ts": "1\n" });
    await expect(
      store.commitChild(wt, { nodeId: "../x", parentId: "initial", message: "m" }),
    ).rejects.toSatisfy(isUserError);
    await expect(store.commitChild(wt, { nodeId: "ok", parentId: "-bad", message: "m" })).rejects.toSatisfy(
      isUserError,
    );
    await store.release(wt);
  });

  it("rejects unknown nodes, a missing worktree and a bad author", async () => {
    const { store, dir } = await setup();
    await expect(store.checkout("nope")).rejects.toSatisfy(isUserError);
    await expect(store.readFiles("nope")).rejects.toSatisfy(isUserError);
    await expect(store.diff("initial", "nope")).rejects.toSatisfy(isUserError);
    await expect(
      store.commitChild(join(dir, "no-such"), { nodeId: "c", parentId: "initial", message: "m" }),
    ).rejects.toSatisfy(isUserError);
    // A worktree of another store is refused too.
    const other = await makeFixture();
    try {
      const foreign = await other.store.checkout("initial");
      await writeTree(foreign, { "x.ts": "1\n" });
      await expect(
        store.commitChild(foreign, { nodeId: "c", parentId: "initial", message: "m" }),
      ).rejects.toSatisfy(isUserError);
    } finally {
      await other.cleanup();
    }
    const wt = await store.checkout("initial");
    await writeTree(wt, { "x.ts": "1\n" });
    await expect(
      store.commitChild(wt, { nodeId: "c", parentId: "initial", message: "m", author: "<>" }),
    ).rejects.toSatisfy(isUserError);
    await store.release(wt);
  });
});
