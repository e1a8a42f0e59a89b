/**
 * Git's own rule for paths it refuses to check out or add (verify_path with core.protectNTFS and
 * core.protectHFS, which git turns on by default on those systems), applied everywhere: no
 * component of a program's path may name the repository's `.git`, in any letter case or under
 * any alias a file system would map to it:
 * - NTFS: trailing dots and spaces are dropped (`.git.`, `.git `), an alternate data stream
 *   follows a colon (`.git::$INDEX_ALLOCATION`), and the 8.3 short name is `git~1`;
 * - HFS+: some code points are ignored when comparing names (zero-width joiners, direction
 *   marks, the byte-order mark), so `.g\u200cit` is `.git`.
 * A worktree's `.git` is a file naming the host's absolute repository path, and writing it
 * would break the run's repository: programs neither see nor touch it.
 */

const HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/** True when one path component is `.git` or a file-system alias of it. */
export function isGitComponent(name: string): boolean {
  let folded = name.replace(HFS_IGNORABLE, "").toLowerCase();
  const stream = folded.indexOf(":");
  if (stream >= 0) folded = folded.slice(0, stream);
  folded = folded.replace(/[. ]+$/, "");
  return folded === ".git" || folded === "git~1";
}

/** The first component of a "/"-separated relative path that names `.git`, if any. */
export function gitComponentIn(path: string): string | undefined {
  return path.split("/").find(isGitComponent);
}
