import { SystemError } from "../errors.js";
import { type Git, splitZ } from "./git.js";

export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  path: string;
}

/** Every file of a commit or tree, recursively (`git ls-tree -r -z`). */
export async function listTree(git: Git, treeish: string): Promise<TreeEntry[]> {
  const { stdout } = await git(["ls-tree", "-r", "-z", "--full-tree", treeish]);
  return splitZ(stdout).map((line) => {
    const tab = line.indexOf("\t");
    const [mode = "", type = "", oid = ""] = line.slice(0, tab).split(" ");
    return { mode, type, oid, path: line.slice(tab + 1) };
  });
}

/** Reads many blobs with one `git cat-file --batch` process. */
export async function readBlobs(git: Git, oids: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  const unique = [...new Set(oids)];
  if (unique.length === 0) return blobs;
  const { stdout } = await git(["cat-file", "--batch"], { input: `${unique.join("\n")}\n` });
  let at = 0;
  for (const oid of unique) {
    const newline = stdout.indexOf(0x0a, at);
    const header = stdout.subarray(at, newline).toString("utf8").split(" ");
    const size = Number(header[2]);
    if (newline < 0 || header[0] !== oid || !Number.isInteger(size)) {
      throw new SystemError(`unexpected git cat-file output for ${oid}: ${header.join(" ")}`);
    }
    blobs.set(oid, stdout.subarray(newline + 1, newline + 1 + size));
    at = newline + 1 + size + 1;
  }
  return blobs;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Git's own heuristic (a NUL in the first 8000 bytes) plus: must be valid UTF-8. */
export function decodeText(content: Buffer): string | undefined {
  if (content.subarray(0, 8000).includes(0)) return undefined;
  try {
    return utf8.decode(content);
  } catch {
    return undefined;
  }
}
