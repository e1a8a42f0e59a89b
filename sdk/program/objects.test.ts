import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { devNull } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildTrees, cleanIdent, commitBody, type FileEntry, hashObject } from "./objects.js";
import { type Fixture, makeFixture, plainGit } from "./test-support.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

function entry(path: string, content: string, mode = "100644"): FileEntry {
  const bytes = Buffer.from(content);
  return { path, mode, oid: hashObject("sha1", "blob", bytes), content: bytes };
}

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("GIT_")));

/** Git's own tree for the same files, through a temporary index. */
function gitTreeOf(gitDir: string, entries: FileEntry[]): string {
  const env = { ...cleanEnv, GIT_INDEX_FILE: join(gitDir, "objects-test-index"), GIT_CONFIG_GLOBAL: devNull };
  for (const e of entries) {
    execFileSync("git", [`--git-dir=${gitDir}`, "hash-object", "-w", "--stdin"], { input: e.content, env });
  }
  const info = entries.map((e) => `${e.mode} ${e.oid}\t${e.path}\n`).join("");
  execFileSync("git", [`--git-dir=${gitDir}`, "update-index", "--add", "--index-info"], { input: info, env });
  const tree = execFileSync("git", [`--git-dir=${gitDir}`, "write-tree"], { env, encoding: "utf8" }).trim();
  rmSync(join(gitDir, "objects-test-index"), { force: true });
  return tree;
}

describe("git objects written in-process", () => {
  it("hashes trees as git does (nested folders, name order with '/', modes, symlinks, UTF-8)", async () => {
    fixture = await makeFixture();
    const entries = [
      entry("a.b", "1\n"),
      entry("a/c.ts", "2\n"),
      entry("a-b", "3\n"),
      entry("a0", "4\n", "100755"),
      entry("deep/er/still/x.ts", "5\n"),
      entry("link", "a.b", "120000"),
      entry("ü.md", "6\n"),
    ];
    expect(buildTrees("sha1", entries).root).toBe(gitTreeOf(fixture.store.gitDir, entries));
  });

  it("writes the commit object `git commit-tree` writes for the same input", async () => {
    fixture = await makeFixture();
    const tree = plainGit(fixture.store.gitDir, ["rev-parse", "refs/archive/initial^{tree}"]).trim();
    const parent = plainGit(fixture.store.gitDir, ["rev-parse", "refs/archive/initial"]).trim();
    const date = new Date(1_700_000_000_000);
    for (const name of ["Meta Agent", "Dr. Who.", "'quoted'", "a:b:", "ü é"]) {
      const message = "why\n\nHyperagents-Node: x\n";
      const body = commitBody({
        tree,
        parents: [parent],
        author: { name, email: " .me@x.org. " },
        committer: { name: "hyperagents", email: "hyperagents@localhost" },
        message,
        date,
      });
      const tz = body.toString().match(/ ([+-]\d{4})\n/)![1]!;
      const expected = execFileSync(
        "git",
        [`--git-dir=${fixture.store.gitDir}`, "commit-tree", tree, "-p", parent],
        {
          input: message,
          encoding: "utf8",
          env: {
            ...cleanEnv,
            GIT_CONFIG_GLOBAL: devNull,
            GIT_AUTHOR_NAME: name,
            GIT_AUTHOR_EMAIL: " .me@x.org. ",
            GIT_COMMITTER_NAME: "hyperagents",
            GIT_COMMITTER_EMAIL: "hyperagents@localhost",
            GIT_AUTHOR_DATE: `1700000000 ${tz}`,
            GIT_COMMITTER_DATE: `1700000000 ${tz}`,
          },
        },
      ).trim();
      expect(hashObject("sha1", "commit", body)).toBe(expected);
    }
  });

  it("cleans idents as git does", () => {
    expect(cleanIdent("  Dr. Who. ")).toBe("Dr. Who");
    expect(cleanIdent('"q"')).toBe("q");
    expect(cleanIdent("...")).toBe("");
  });
});
