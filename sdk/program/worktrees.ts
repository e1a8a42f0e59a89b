import { type Git, splitZ } from "./git.js";

export interface WorktreeRecord {
  path: string;
  bare: boolean;
  locked: boolean;
}

/** Worktrees git knows about (`git worktree list --porcelain -z`), the bare repository included. */
export async function listWorktrees(git: Git): Promise<WorktreeRecord[]> {
  const { stdout } = await git(["worktree", "list", "--porcelain", "-z"]);
  const records: WorktreeRecord[] = [];
  let current: WorktreeRecord | undefined;
  for (const field of splitZ(stdout)) {
    if (field.startsWith("worktree ")) {
      current = { path: field.slice("worktree ".length), bare: false, locked: false };
      records.push(current);
    } else if (current && field === "bare") current.bare = true;
    else if (current && (field === "locked" || field.startsWith("locked "))) current.locked = true;
  }
  return records;
}

/** Folder names `checkout` gives worktrees: `<node id>-<8 hex>`. Only these are ever deleted. */
export const WORKTREE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*-[0-9a-f]{8}$/;
