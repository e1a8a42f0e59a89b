/**
 * Reading and writing one file without being led outside the editor's folder or blocked:
 * - open with O_NOFOLLOW (a link swapped in after the path was checked is not followed) and
 *   O_NONBLOCK (a FIFO cannot block a thread of the host's I/O pool), then check the open
 *   descriptor itself, so there is no gap between the check and the use;
 * - only a regular file with exactly one link is read: a hard link to a file elsewhere would
 *   otherwise be read, and then overwritten in place;
 * - writes go to a new temporary file in the same folder, renamed over the target: the target's
 *   old inode (and any other link to it) is never written.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export class UnsafeFile extends Error {}

// Not every platform has these flags (Windows): 0 leaves them out.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Prefix of the temporary files writes go through; listings hide them. */
export const TEMP_PREFIX = ".hv-write-";

export interface RegularFile {
  text: string;
  mode: number;
}

function code(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

/** Reads a regular, singly linked file of at most `maxBytes`; refuses anything else. */
export async function readRegularFile(abs: string, shown: string, maxBytes: number): Promise<RegularFile> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(abs, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if (code(error) === "ELOOP") throw new UnsafeFile(`${shown} is a symbolic link`);
    throw error;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UnsafeFile(`${shown} is a folder`);
    if (!info.isFile()) throw new UnsafeFile(`${shown} is not a regular file (a device, FIFO or socket)`);
    if (info.nlink !== 1)
      throw new UnsafeFile(`${shown} has ${info.nlink} hard links; only files with one link are edited`);
    if (info.size > maxBytes) throw new UnsafeFile(`${shown} is too large to edit (${info.size} bytes)`);
    return { text: await handle.readFile("utf8"), mode: info.mode & 0o777 };
  } finally {
    await handle.close();
  }
}

/** Writes `content` to `abs` through a temporary file in the same folder and a rename. */
export async function replaceFile(abs: string, content: string, mode = 0o644): Promise<void> {
  // Names are capped at 255 bytes; the random part keeps the name unique when cut.
  const name = `${TEMP_PREFIX}${randomBytes(6).toString("hex")}-${basename(abs)}`.slice(0, 120);
  const temp = join(dirname(abs), name);
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW,
    mode,
  );
  try {
    await handle.writeFile(content, "utf8");
    await handle.chmod(mode);
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, abs);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
