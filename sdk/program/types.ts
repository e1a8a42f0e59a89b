/** The program store: every archive node's program as a commit in one bare git repository. */

export interface ProgramStoreOptions {
  /** The bare repository, usually `<run dir>/program.git`; created when missing (see `create`). */
  gitDir: string;
  /** Create the repository when missing (default true); false makes a missing one a UserError. */
  create?: boolean;
  /** Where checkouts go; default: a `worktrees` folder beside `gitDir`. */
  worktreesDir?: string;
  /**
   * Paths relative to the program root (files or folders) that a child may not change:
   * `commitChild` resets them to the parent's version before committing.
   */
  protectedPaths?: string[];
}

export interface NodeCommit {
  nodeId: string;
  /** Commit hash, also at `refs/archive/<nodeId>`. */
  commit: string;
  /** Tree hash: equal trees mean equal programs. */
  tree: string;
}

export interface ChildCommit extends NodeCommit {
  parentId: string;
  /** Unified diff parent → child, new and deleted files included ("" when empty). */
  diff: string;
  /** Paths added, modified or deleted relative to the parent (after protected paths are reset). */
  changedFiles: string[];
  /**
   * True when the child's program equals its parent's. Then no commit and no ref are created:
   * `commit` and `tree` are the parent's and `has(nodeId)` stays false.
   */
  empty: boolean;
}

export interface CommitChildInfo {
  nodeId: string;
  parentId: string;
  message: string;
  /** `"Name <email>"` or `"Name"`; default `"hyperagents <hyperagents@localhost>"`. */
  author?: string;
}

export interface InitOptions {
  /** Default `"initial"`. */
  nodeId?: string;
  message?: string;
}

/** Why `readFiles` left a file out of the map. */
export type SkipReason = "binary" | "symlink" | "submodule";

export interface ReadFilesOptions {
  /** Called for each file left out of the map. */
  onSkip?: (path: string, reason: SkipReason) => void;
}

export interface ProgramStore {
  /** Absolute real path of the bare repository. */
  readonly gitDir: string;
  /** Absolute real path of the folder checkouts go to. */
  readonly worktreesDir: string;
  /**
   * Commits the folder's files (its `.gitignore` is honoured) as a root node. Calling it again with
   * the same node id and the same content returns the existing commit; different content is a
   * UserError.
   */
  init(fromFolder: string, options?: InitOptions): Promise<NodeCommit>;
  has(nodeId: string): Promise<boolean>;
  /** A fresh worktree, detached at the node's commit. Checkouts may run concurrently. */
  checkout(nodeId: string): Promise<string>;
  /** Removes a worktree made by `checkout`; calling it twice is harmless. */
  release(worktree: string): Promise<void>;
  /**
   * Commits everything in the worktree (additions and deletions) as `nodeId`, child of
   * `parentId`, after resetting protected paths to the parent's version (in the worktree too).
   */
  commitChild(worktree: string, info: CommitChildInfo): Promise<ChildCommit>;
  /** Unified diff from node `a` to node `b`. */
  diff(a: string, b: string): Promise<string>;
  /** Path → content of the node's text files (what the sandbox takes); binaries are skipped. */
  readFiles(nodeId: string, options?: ReadFilesOptions): Promise<Record<string, string>>;
  /** Writes the node's program as a plain folder; `dir` must be missing or empty. */
  export(nodeId: string, dir: string): Promise<void>;
  treeOf(nodeId: string): Promise<string>;
  /** The earliest node (by commit time) whose program has this tree hash. */
  findByTree(tree: string): Promise<string | undefined>;
  /** All node ids, sorted. */
  listNodes(): Promise<string[]>;
  /**
   * Deletes `refs/archive/<nodeId>` (a child lost when a run was killed, before it was recorded);
   * true when it existed. Children keep their parent commit; objects stay until `git gc`.
   */
  removeNode(nodeId: string): Promise<boolean>;
  /**
   * Removes worktrees this store instance did not hand out (left by a killed run) and git's
   * records of deleted ones. Call on resume, before new checkouts.
   */
  pruneWorktrees(): Promise<void>;
}
