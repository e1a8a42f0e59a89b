import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, realpath, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { SystemError, UserError } from "../errors.js";
import { createMutex } from "../internal/mutex.js";
import { createGit, type Git, GitCommandError, splitZ } from "./git.js";
import { indexFile } from "./index-file.js";
import { assertNodeId, REF_PREFIX, refOf } from "./node-id.js";
import {
  buildTrees,
  cleanIdent,
  commitBody,
  comparePaths,
  type FileEntry,
  hashObject,
  type Ident,
  type ObjectFormat,
  SUBMODULE_MODE,
  writeLooseObject,
} from "./objects.js";
import { treePatch } from "./patch.js";
import { type Change, folderChanges, writeProgram } from "./program-folder.js";
import { isProtected, normalizeProtectedPaths, resetProtected } from "./protected-paths.js";
import { createRefInProcess, refsWritableInProcess } from "./refs.js";
import { createSnapshotCache, loadSnapshot, makeSnapshot, type Snapshot, textView } from "./snapshot.js";
import type { NodeCommit, ProgramStore, ProgramStoreOptions } from "./types.js";
import {
  adminDirOf,
  isInside,
  linkedAdminDir,
  listWorktrees,
  registerWorktree,
  removeBrokenRecords,
  WORKTREE_NAME,
} from "./worktrees.js";

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
  const format = await ensureBareRepository(createGit(givenGitDir), givenGitDir, options.create ?? true);
  // Real paths (macOS /var -> /private/var): git writes them into worktree links and listings.
  const gitDir = await realPathLoose(givenGitDir);
  const worktreesDir = await realPathLoose(
    resolve(options.worktreesDir ?? join(dirname(givenGitDir), "worktrees")),
  );
  const git = createGit(gitDir);
  // Refs are files this process can write itself unless the repository says otherwise (refs.ts).
  const refsInProcess = refsWritableInProcess(gitDir);

  // Ref updates, and worktree records (registration, prune), each one at a time in this process.
  const mutex = createMutex();
  const worktreeMutex = createMutex();
  // Every program read or written by this instance, by tree hash (trees are immutable).
  const snapshots = createSnapshotCache();
  // A repository-wide exclude file (none in the repositories the store makes) means every new
  // file must be checked against ignore rules, not only when the program has a .gitignore.
  const hasInfoExclude = await stat(join(gitDir, "info", "exclude")).then(
    (s) => s.size > 0,
    () => false,
  );
  // Refs are never moved once created (only removeNode deletes one), so a node seen once stays
  // valid: a positive cache whose insertion order is creation order (findByTree: earliest node).
  const nodes = new Map<string, NodeInfo>();
  // Worktrees this instance handed out (or is making) and has not released; pruneWorktrees keeps them.
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

  /** Creates refs/archive/<id>; false when it exists (the empty old value means "must not exist"). */
  async function createRef(nodeId: string, commit: string): Promise<boolean> {
    return mutex.run(async () => {
      const outcome = refsInProcess ? createRefInProcess(gitDir, refOf(nodeId), commit) : "ask-git";
      if (outcome !== "ask-git") return outcome === "created";
      try {
        await git(["update-ref", "-m", `hyperagents: node ${nodeId}`, refOf(nodeId), commit, ""]);
        return true;
      } catch (error) {
        if (GitCommandError.isInstance(error) && (await findNode(nodeId))) return false;
        throw error;
      }
    });
  }

  /**
   * Writes the commit object in-process (what `git commit-tree` would write; objects.test.ts
   * compares them): one git process less on every child.
   */
  async function commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: Ident = DEFAULT_AUTHOR,
  ) {
    const body = commitBody({ tree, parents, author, committer: DEFAULT_AUTHOR, message });
    const oid = hashObject(format, "commit", body);
    writeLooseObject(gitDir, oid, "commit", body);
    return oid;
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

  function snapshotOf(info: NodeInfo): Promise<Snapshot> {
    return snapshots.get(info.tree, () => loadSnapshot(git, info.tree));
  }

  /** New paths (relative to the worktree) that its ignore rules exclude: one `git check-ignore`. */
  async function ignoredPaths(worktree: string, paths: string[]): Promise<Set<string>> {
    const { stdout } = await git(["check-ignore", "--no-index", "--stdin", "-z"], {
      cwd: worktree,
      input: `${paths.join("\0")}\0`,
      okCodes: [1],
    });
    return new Set(splitZ(stdout));
  }

  /** The child's files: the parent's, with the folder's changes applied, in git's order. */
  function applyChanges(parent: Snapshot, changes: readonly Change[]): FileEntry[] {
    const files = new Map(parent.byPath);
    for (const change of changes) {
      if (change.entry) files.set(change.path, change.entry);
      else files.delete(change.path);
    }
    return [...files.values()].sort((a, b) => comparePaths(a.path, b.path));
  }

  /** Writes the child's new blobs and trees as loose objects; returns its tree hash. */
  function writeChildObjects(changes: readonly Change[], entries: readonly FileEntry[]): string {
    const { root, trees } = buildTrees(format, entries);
    const blobs = changes.flatMap((c) => (c.entry && c.entry.mode !== SUBMODULE_MODE ? [c.entry] : []));
    for (const blob of blobs) writeLooseObject(gitDir, blob.oid, "blob", blob.content);
    for (const tree of trees) writeLooseObject(gitDir, tree.oid, "tree", tree.body);
    return root;
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
      const info = await requireNode(nodeId);
      const snapshot = await snapshotOf(info);
      await mkdir(worktreesDir, { recursive: true });
      let path = "";
      // A name clash (8 random hex digits) is next to impossible; try again rather than fail.
      for (let attempt = 0; path === ""; attempt++) {
        const candidate = join(worktreesDir, `${nodeId}-${randomBytes(4).toString("hex")}`);
        try {
          await mkdir(candidate);
          path = candidate;
        } catch (error) {
          if (attempt >= 3 || (error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      }
      // Before any file lands, so a concurrent pruneWorktrees leaves the folder alone.
      live.add(path);
      try {
        writeProgram(path, snapshot.entries);
        const index = indexFile(format, snapshot.entries);
        await worktreeMutex.run(async () => registerWorktree(gitDir, path, info.commit, index));
      } catch (error) {
        live.delete(path);
        await Promise.all([
          rm(path, { recursive: true, force: true }),
          rm(adminDirOf(gitDir, path), { recursive: true, force: true }),
        ]);
        throw error;
      }
      return path;
    },

    async release(worktree) {
      const path = await realPathLoose(resolve(worktree));
      live.delete(path);
      const exists = await lstat(path).then(
        () => true,
        () => false,
      );
      // The folder's own link names its records; a folder already gone may still have them.
      let admin = exists ? await linkedAdminDir(gitDir, path) : undefined;
      if (exists && admin === undefined && !isInside(worktreesDir, path)) {
        throw new UserError(
          `release: ${path} is not a worktree of ${gitDir}; pass a path that checkout() returned`,
        );
      }
      if (admin === undefined) {
        const guess = adminDirOf(gitDir, path);
        const recorded = await readFileLoose(join(guess, "gitdir"));
        if (recorded !== undefined && resolve(dirname(recorded.trim())) === path) admin = guess;
      }
      await Promise.all([
        exists ? rm(path, { recursive: true, force: true }) : undefined,
        admin === undefined
          ? undefined
          : worktreeMutex.run(() => rm(admin, { recursive: true, force: true })),
      ]);
    },

    async commitChild(worktree, info) {
      assertNodeId(info?.nodeId);
      const parentInfo = await requireNode(info.parentId, "parent id");
      if (info.nodeId === info.parentId)
        throw new UserError(`commitChild: node id "${info.nodeId}" equals its parent id`);
      if (typeof info.message !== "string") throw new UserError("commitChild: message must be a string");
      const author = parseAuthor(info.author);
      const cwd = await realPathLoose(resolve(worktree));
      const admin = await linkedAdminDir(gitDir, cwd);
      if (admin === undefined) {
        throw new UserError(
          `commitChild: ${cwd} is not a worktree of ${gitDir}; pass the path checkout() returned`,
        );
      }
      const parent = await snapshotOf(parentInfo);
      const scan = () =>
        folderChanges(cwd, parent, format, (paths) => ignoredPaths(cwd, paths), hasInfoExclude);
      let changes = await scan();
      const violations = changes.filter((c) => isProtected(c.path, protectedPaths));
      if (violations.length > 0) {
        // Rare (the engine's file editor refuses protected paths): reset, then look again.
        await resetProtected(cwd, parent, violations);
        changes = await scan();
        const left = changes.filter((c) => isProtected(c.path, protectedPaths)).map((c) => c.path);
        if (left.length > 0) {
          throw new SystemError(`commitChild: could not reset protected paths in ${cwd}: ${left.join(", ")}`);
        }
      }
      const changedFiles = changes.map((c) => c.path);
      if (changes.length === 0) {
        if (await findNode(info.nodeId)) throw nodeExists(info.nodeId);
        return {
          ...parentInfo,
          nodeId: info.nodeId,
          parentId: info.parentId,
          diff: "",
          changedFiles,
          empty: true,
        };
      }

      const entries = applyChanges(parent, changes);
      const tree = writeChildObjects(changes, entries);
      const childSnapshot = makeSnapshot(tree, entries);
      snapshots.put(childSnapshot);
      const trailers = `Hyperagents-Node: ${info.nodeId}\nHyperagents-Parent: ${info.parentId}\n`;
      const message = `${info.message.trimEnd() || `node ${info.nodeId}`}\n\n${trailers}`;
      // The worktree's index follows the folder, as `git add -A` left it before.
      writeFileLoose(join(admin, "index"), indexFile(format, entries));
      const commit = await commitTree(tree, [parentInfo.commit], message, author);
      // A resumed run may commit the same child again: same program and parent is fine.
      let created = commit;
      if (await createRef(info.nodeId, commit)) nodes.set(info.nodeId, { commit, tree });
      else
        created = await sameChildOrFail(info.nodeId, (await findNode(info.nodeId))!, tree, parentInfo.commit);
      return {
        nodeId: info.nodeId,
        commit: created,
        tree,
        parentId: info.parentId,
        diff: treePatch(parent, childSnapshot),
        changedFiles,
        empty: false,
      };
    },

    async diff(a, b) {
      const [from, to] = await Promise.all([requireNode(a), requireNode(b)]);
      const [before, after] = await Promise.all([snapshotOf(from), snapshotOf(to)]);
      return treePatch(before, after);
    },

    async readFiles(nodeId, readOptions = {}) {
      const view = textView(await snapshotOf(await requireNode(nodeId)));
      if (readOptions.onSkip) for (const [path, reason] of view.skipped) readOptions.onSkip(path, reason);
      // A copy: callers may edit theirs, the cache stays as committed.
      return { ...view.files };
    },

    async export(nodeId, dir) {
      const snapshot = await snapshotOf(await requireNode(nodeId));
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
      writeProgram(target, snapshot.entries);
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
      await worktreeMutex.run(async () => {
        removeBrokenRecords(gitDir, (admin) => [...live].some((path) => adminDirOf(gitDir, path) === admin));
        for (const record of await listWorktrees(git)) {
          const path = await realPathLoose(resolve(record.path));
          if (record.bare || live.has(path) || !isInside(worktreesDir, path)) continue;
          if (record.locked) await git(["worktree", "unlock", path], { okCodes: [128] });
          await removeWorktree(path);
        }
        // Folders named like checkouts that git does not know (killed before registration).
        for (const name of await readdir(worktreesDir).catch(() => [])) {
          const path = join(worktreesDir, name);
          if (WORKTREE_NAME.test(name) && !live.has(path)) await rm(path, { recursive: true, force: true });
        }
        // Records of worktrees whose folders are gone.
        await git(["worktree", "prune"]);
      });
      // Lock and index files a process killed mid-command left (this instance holds the mutex,
      // and a run has one process, so none of them is in use).
      await mutex.run(async () => {
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

/** Makes or checks the bare repository; returns its object format. */
async function ensureBareRepository(git: Git, gitDir: string, create: boolean): Promise<ObjectFormat> {
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
    // Git's default: no configuration or GIT_DEFAULT_HASH reaches our git calls.
    return "sha1";
  }
  const { stdout } = await git(["rev-parse", "--is-bare-repository", "--show-object-format"], {
    okCodes: [128],
  });
  const [bare, objectFormat] = stdout.toString("utf8").trim().split("\n");
  if (bare !== "true") {
    throw new UserError(
      `${gitDir} exists but is not a bare git repository; pass the run's program.git or a path that does not exist yet`,
    );
  }
  return objectFormat === "sha256" ? "sha256" : "sha1";
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

function parseAuthor(author: unknown): Ident {
  if (author === undefined) return DEFAULT_AUTHOR;
  const match = typeof author === "string" ? /^([^<>\n]*?)\s*(?:<([^<>\n]*)>)?\s*$/.exec(author) : null;
  if (!match || (match[1]!.trim() === "" && !match[2]?.trim())) {
    throw new UserError(`author ${JSON.stringify(author)} must look like "Name <email>" or "Name"`);
  }
  // As git cleans them (surrounding dots, commas, quotes, …), so an all-punctuation name falls back too.
  return {
    name: cleanIdent(match[1]!) || DEFAULT_AUTHOR.name,
    email: cleanIdent(match[2] ?? "") || DEFAULT_AUTHOR.email,
  };
}

async function readFileLoose(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").catch(() => undefined);
}

/** For files that only help a person inspecting a checkout: a failure must not fail the commit. */
function writeFileLoose(path: string, data: Buffer): void {
  try {
    writeFileSync(path, data);
  } catch {
    // The worktree was released meanwhile.
  }
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
