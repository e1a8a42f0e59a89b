import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, realpath, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.js";
import { createGit, type Git, GitCommandError, splitZ } from "./git.js";
import { createMutex } from "./mutex.js";
import { assertNodeId, REF_PREFIX, refOf } from "./node-id.js";
import { isProtected, normalizeProtectedPaths, parseNameStatus, resetProtected } from "./protected-paths.js";
import { readTextFiles } from "./read-blobs.js";
import type { ChildCommit, NodeCommit, ProgramStore, ProgramStoreOptions } from "./types.js";
import { listWorktrees, WORKTREE_NAME } from "./worktrees.js";

const DEFAULT_AUTHOR = { name: "hyperagents", email: "hyperagents@localhost" };
const TEMP_INDEX_PREFIX = "hyperagents-index-";

interface NodeInfo {
  commit: string;
  tree: string;
}

/** Opens (creating when missing) the bare repository that holds every node's program. */
export async function openProgramStore(options: ProgramStoreOptions): Promise<ProgramStore> {
  if (typeof options?.gitDir !== "string" || options.gitDir.trim() === "") {
    throw new UserError(
      'openProgramStore needs gitDir, the path of the run\'s bare repository (e.g. "runs/<id>/program.git")',
    );
  }
  const protectedPaths = normalizeProtectedPaths(options.protectedPaths ?? []);
  const givenGitDir = resolve(options.gitDir);
  await ensureBareRepository(createGit(givenGitDir), givenGitDir, options.create ?? true);
  // Real paths (macOS /var -> /private/var): git writes them into worktree links and listings.
  const gitDir = await realPathLoose(givenGitDir);
  const worktreesDir = await realPathLoose(
    resolve(options.worktreesDir ?? join(dirname(givenGitDir), "worktrees")),
  );
  const git = createGit(gitDir);

  const mutex = createMutex();
  // Refs are never moved once created (only removeNode deletes one), so a node seen once stays
  // valid: a positive cache whose insertion order is creation order (findByTree: earliest node).
  const nodes = new Map<string, NodeInfo>();
  // Worktrees this instance handed out and has not released; pruneWorktrees keeps them.
  const live = new Set<string>();

  async function loadAll(): Promise<string[]> {
    const { stdout } = await git([
      "for-each-ref",
      "--sort=refname",
      "--sort=committerdate",
      "--format=%(objectname) %(tree) %(refname)",
      REF_PREFIX,
    ]);
    const ids: string[] = [];
    for (const line of stdout.toString("utf8").split("\n")) {
      const [commit, tree, ref] = line.split(" ");
      if (!commit || !tree || !ref?.startsWith(REF_PREFIX)) continue;
      const id = ref.slice(REF_PREFIX.length);
      if (!nodes.has(id)) nodes.set(id, { commit, tree });
      ids.push(id);
    }
    return ids;
  }

  async function findNode(nodeId: string): Promise<NodeInfo | undefined> {
    const cached = nodes.get(nodeId);
    if (cached) return cached;
    const { stdout } = await git(["for-each-ref", "--format=%(objectname) %(tree)", refOf(nodeId)]);
    const [commit, tree] = stdout.toString("utf8").trim().split(" ");
    if (!commit || !tree) return undefined;
    const info = { commit, tree };
    nodes.set(nodeId, info);
    return info;
  }

  async function requireNode(nodeId: string, what = "node id"): Promise<NodeInfo> {
    assertNodeId(nodeId, what);
    const info = await findNode(nodeId);
    if (!info) {
      throw new UserError(
        `unknown ${what} "${nodeId}" in ${gitDir}: it has no ${refOf(nodeId)}; list them with listNodes()`,
      );
    }
    return info;
  }

  /** Creates refs/archive/<id>; fails when it exists (the empty old value means "must not exist"). */
  async function createRef(nodeId: string, commit: string): Promise<boolean> {
    return mutex.run(async () => {
      try {
        await git(["update-ref", "-m", `hyperagents: node ${nodeId}`, refOf(nodeId), commit, ""]);
        return true;
      } catch (error) {
        if (error instanceof GitCommandError && (await findNode(nodeId))) return false;
        throw error;
      }
    });
  }

  async function commitTree(tree: string, parents: string[], message: string, author = DEFAULT_AUTHOR) {
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: DEFAULT_AUTHOR.name,
      GIT_COMMITTER_EMAIL: DEFAULT_AUTHOR.email,
    };
    const args = ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p])];
    const { stdout } = await git(args, { env, input: message });
    return stdout.toString("utf8").trim();
  }

  /** A temporary index inside the repository, so bare-repo operations need no worktree. */
  async function withTempIndex<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
    const indexFile = join(gitDir, `${TEMP_INDEX_PREFIX}${randomBytes(6).toString("hex")}`);
    try {
      return await fn({ GIT_INDEX_FILE: indexFile });
    } finally {
      await rm(indexFile, { force: true });
    }
  }

  async function removeWorktree(path: string): Promise<void> {
    try {
      await git(["worktree", "remove", "--force", "--force", path]);
    } catch {
      // Not registered any more, or its folder is half gone: delete what is left, then prune.
      if (isInside(worktreesDir, path)) await rm(path, { recursive: true, force: true });
      await git(["worktree", "prune"]);
    }
  }

  const store: ProgramStore = {
    gitDir,
    worktreesDir,

    async init(fromFolder, initOptions = {}) {
      const nodeId = initOptions.nodeId ?? "initial";
      assertNodeId(nodeId);
      const folder = resolve(fromFolder);
      if (!(await isDirectory(folder))) {
        throw new UserError(`init needs a folder with the initial program; ${folder} is not a folder`);
      }
      const tree = await withTempIndex(async (env) => {
        await git([`--work-tree=${folder}`, "add", "-A"], { cwd: folder, withGitDir: true, env });
        const { stdout } = await git(["write-tree"], { env });
        return stdout.toString("utf8").trim();
      });
      if ((await git(["ls-tree", tree])).stdout.length === 0) {
        throw new UserError(`init: ${folder} has no files to commit (or all of them are git-ignored)`);
      }
      const existing = await findNode(nodeId);
      if (existing) return sameOrFail(nodeId, existing, tree, folder);
      const message = `${initOptions.message ?? `initial program from ${basename(folder)}`}\n\nHyperagents-Node: ${nodeId}\n`;
      const commit = await commitTree(tree, [], message);
      if (!(await createRef(nodeId, commit))) {
        return sameOrFail(nodeId, (await findNode(nodeId))!, tree, folder);
      }
      nodes.set(nodeId, { commit, tree });
      return { nodeId, commit, tree };
    },

    async has(nodeId) {
      assertNodeId(nodeId);
      return (await findNode(nodeId)) !== undefined;
    },

    async checkout(nodeId) {
      const { commit } = await requireNode(nodeId);
      await mkdir(worktreesDir, { recursive: true });
      const path = join(worktreesDir, `${nodeId}-${randomBytes(4).toString("hex")}`);
      await mutex.run(() => git(["worktree", "add", "--detach", "-q", path, commit]));
      live.add(path);
      return path;
    },

    async release(worktree) {
      const path = await realPathLoose(resolve(worktree));
      live.delete(path);
      const exists = await pathExists(path);
      if (exists && !isInside(worktreesDir, path) && !(await isRegistered(git, path))) {
        throw new UserError(
          `release: ${path} is not a worktree of ${gitDir}; pass a path that checkout() returned`,
        );
      }
      await mutex.run(() =>
        exists ? removeWorktree(path) : git(["worktree", "prune"]).then(() => undefined),
      );
    },

    async commitChild(worktree, info) {
      assertNodeId(info?.nodeId);
      const parent = await requireNode(info.parentId, "parent id");
      if (info.nodeId === info.parentId)
        throw new UserError(`commitChild: node id "${info.nodeId}" equals its parent id`);
      if (typeof info.message !== "string") throw new UserError("commitChild: message must be a string");
      const author = parseAuthor(info.author);
      const cwd = await realPathLoose(resolve(worktree));
      if (!(await isOwnWorktree(gitDir, cwd))) {
        throw new UserError(
          `commitChild: ${cwd} is not a worktree of ${gitDir}; pass the path checkout() returned`,
        );
      }

      await git(["add", "-A"], { cwd });
      // Optimistic: status, tree and patch in parallel; redone only when protected paths were touched.
      const snapshot = () =>
        Promise.all([
          git(["diff-index", "--cached", "--name-status", "-z", "--no-renames", parent.commit], { cwd }),
          git(["write-tree"], { cwd }),
          git(["diff-index", "--cached", "-p", "--no-renames", parent.commit], { cwd }),
        ]);
      let [statusOut, treeOut, diffOut] = await snapshot();
      let changes = parseNameStatus(splitZ(statusOut.stdout));
      const violations = changes.filter((c) => isProtected(c.path, protectedPaths));
      if (violations.length > 0) {
        await resetProtected(git, cwd, parent.commit, violations);
        [statusOut, treeOut, diffOut] = await snapshot();
        changes = parseNameStatus(splitZ(statusOut.stdout));
      }
      const changedFiles = changes.map((c) => c.path);
      const tree = treeOut.stdout.toString("utf8").trim();
      const diff = diffOut.stdout.toString("utf8");
      if (changes.length === 0) {
        if (await findNode(info.nodeId)) throw nodeExists(info.nodeId);
        return { ...parent, nodeId: info.nodeId, parentId: info.parentId, diff, changedFiles, empty: true };
      }
      const result = (commit: string): ChildCommit => ({
        nodeId: info.nodeId,
        commit,
        tree,
        parentId: info.parentId,
        diff,
        changedFiles,
        empty: false,
      });
      const trailers = `Hyperagents-Node: ${info.nodeId}\nHyperagents-Parent: ${info.parentId}\n`;
      const message = `${info.message.trimEnd() || `node ${info.nodeId}`}\n\n${trailers}`;
      const commit = await commitTree(tree, [parent.commit], message, author);
      if (!(await createRef(info.nodeId, commit))) {
        // A resumed run may commit the same child again: same program and parent is fine.
        return result(
          await sameChildOrFail(info.nodeId, (await findNode(info.nodeId))!, tree, parent.commit),
        );
      }
      nodes.set(info.nodeId, { commit, tree });
      return result(commit);
    },

    async diff(a, b) {
      const [from, to] = await Promise.all([requireNode(a), requireNode(b)]);
      const { stdout } = await git(["diff-tree", "-r", "-p", "--no-renames", from.commit, to.commit]);
      return stdout.toString("utf8");
    },

    async readFiles(nodeId, readOptions = {}) {
      const { commit } = await requireNode(nodeId);
      return readTextFiles(git, commit, readOptions.onSkip);
    },

    async export(nodeId, dir) {
      const { commit } = await requireNode(nodeId);
      const target = resolve(dir);
      if (await pathExists(target)) {
        if (!(await isDirectory(target)) || (await readdir(target)).length > 0) {
          throw new UserError(
            `export: ${target} exists and is not an empty folder; pass a new or empty folder`,
          );
        }
      } else {
        await mkdir(target, { recursive: true });
      }
      await withTempIndex(async (env) => {
        await git(["read-tree", commit], { env });
        await git([`--work-tree=${target}`, "checkout-index", "-a", "-f"], {
          cwd: target,
          withGitDir: true,
          env,
        });
      });
    },

    async treeOf(nodeId) {
      return (await requireNode(nodeId)).tree;
    },

    async findByTree(tree) {
      if (typeof tree !== "string") throw new UserError("findByTree needs a tree hash (a string)");
      const search = () => [...nodes].find(([, info]) => info.tree === tree)?.[0];
      const found = search();
      if (found !== undefined) return found;
      await loadAll();
      return search();
    },

    async listNodes() {
      return (await loadAll()).sort();
    },

    async removeNode(nodeId) {
      assertNodeId(nodeId);
      return mutex.run(async () => {
        const existed = (await findNode(nodeId)) !== undefined;
        await git(["update-ref", "-m", `hyperagents: remove node ${nodeId}`, "-d", refOf(nodeId)]);
        nodes.delete(nodeId);
        return existed;
      });
    },

    async pruneWorktrees() {
      await mutex.run(async () => {
        for (const record of await listWorktrees(git)) {
          const path = await realPathLoose(resolve(record.path));
          if (record.bare || live.has(path) || !isInside(worktreesDir, path)) continue;
          if (record.locked) await git(["worktree", "unlock", path], { okCodes: [128] });
          await removeWorktree(path);
        }
        await git(["worktree", "prune"]);
        // Folders a killed `worktree add` left before git registered them.
        for (const name of await readdir(worktreesDir).catch(() => [])) {
          const path = join(worktreesDir, name);
          if (WORKTREE_NAME.test(name) && !live.has(path)) await rm(path, { recursive: true, force: true });
        }
        // Lock and index files a process killed mid-command left (this instance holds the mutex,
        // and a run has one process, so none of them is in use).
        for (const name of await readdir(join(gitDir, "refs", "archive")).catch(() => [])) {
          if (name.endsWith(".lock")) await rm(join(gitDir, "refs", "archive", name), { force: true });
        }
        for (const name of await readdir(gitDir)) {
          if (name === "packed-refs.lock" || name.startsWith(TEMP_INDEX_PREFIX)) {
            await rm(join(gitDir, name), { force: true });
          }
        }
      });
    },
  };

  async function sameOrFail(
    nodeId: string,
    existing: NodeInfo,
    tree: string,
    folder: string,
  ): Promise<NodeCommit> {
    if (existing.tree === tree) return { nodeId, ...existing };
    throw new UserError(
      `node "${nodeId}" already exists in ${gitDir} with a different program than ${folder}; ` +
        "use a new run directory, or another node id",
    );
  }

  async function sameChildOrFail(nodeId: string, existing: NodeInfo, tree: string, parentCommit: string) {
    const { stdout } = await git(["rev-parse", "-q", "--verify", `${existing.commit}^1`], { okCodes: [1] });
    if (existing.tree === tree && stdout.toString("utf8").trim() === parentCommit) return existing.commit;
    throw nodeExists(nodeId);
  }

  return store;
}

function nodeExists(nodeId: string): UserError {
  return new UserError(
    `node "${nodeId}" already exists with another program or parent; node ids must be unique`,
  );
}

async function ensureBareRepository(git: Git, gitDir: string, create: boolean): Promise<void> {
  const entries = await readdir(gitDir).catch(() => undefined);
  if (entries === undefined || entries.length === 0) {
    if (!create) {
      throw new UserError(
        `no program store at ${gitDir}: is the run directory right? (it holds program.git)`,
      );
    }
    await mkdir(dirname(gitDir), { recursive: true });
    // No template: no sample hooks, no description file.
    await git(["init", "--bare", "-q", "--template=", gitDir], { cwd: dirname(gitDir) });
    // So `git log --decorate` over program.git names the nodes (git >= 2.38 hides refs/archive/).
    await git(["config", "log.initialDecorationSet", "all"]);
    return;
  }
  const { stdout } = await git(["rev-parse", "--is-bare-repository"], { okCodes: [128] });
  if (stdout.toString("utf8").trim() !== "true") {
    throw new UserError(
      `${gitDir} exists but is not a bare git repository; pass the run's program.git or a path that does not exist yet`,
    );
  }
}

/** realpath of the longest existing prefix, plus the rest as given. */
async function realPathLoose(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(await realPathLoose(parent), basename(path));
  }
}

function parseAuthor(author: unknown): { name: string; email: string } {
  if (author === undefined) return DEFAULT_AUTHOR;
  const match = typeof author === "string" ? /^([^<>\n]*?)\s*(?:<([^<>\n]*)>)?\s*$/.exec(author) : null;
  if (!match || (match[1]!.trim() === "" && !match[2]?.trim())) {
    throw new UserError(`author ${JSON.stringify(author)} must look like "Name <email>" or "Name"`);
  }
  return { name: match[1]!.trim() || DEFAULT_AUTHOR.name, email: match[2]?.trim() || DEFAULT_AUTHOR.email };
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** A linked worktree's `.git` file points into `<gitDir>/worktrees/`; cheaper than asking git. */
async function isOwnWorktree(gitDir: string, worktree: string): Promise<boolean> {
  const link = await readFile(join(worktree, ".git"), "utf8").catch(() => "");
  const match = /^gitdir: (.+)$/m.exec(link);
  return match !== null && isInside(join(gitDir, "worktrees"), resolve(worktree, match[1]!.trim()));
}

async function isRegistered(git: Git, path: string): Promise<boolean> {
  for (const record of await listWorktrees(git)) {
    if ((await realPathLoose(resolve(record.path))) === path) return true;
  }
  return false;
}

async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
