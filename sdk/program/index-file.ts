/**
 * A git index (version 2, gitformat-index) for a checkout, so plain git inside it (`git status`,
 * `git diff`) sees the program it was checked out from. Stat fields are zero, as after
 * `git read-tree`: git then compares contents instead of trusting timestamps.
 */
import { createHash } from "node:crypto";
import { comparePaths, type FileEntry, type ObjectFormat } from "./objects.js";

export function indexFile(format: ObjectFormat, entries: readonly FileEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  const oidBytes = format === "sha1" ? 20 : 32;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write("DIRC", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(sorted.length, 8);
  parts.push(header);
  for (const entry of sorted) {
    const path = Buffer.from(entry.path);
    const fixed = 40 + oidBytes + 2;
    // Each entry is NUL-padded (at least one NUL) to a multiple of 8 bytes.
    const size = (fixed + path.length + 8) & ~7;
    const buffer = Buffer.alloc(size);
    // ctime, mtime, dev, ino (zero), then the mode; uid, gid and size stay zero.
    buffer.writeUInt32BE(Number.parseInt(entry.mode, 8), 24);
    buffer.write(entry.oid, 40, "hex");
    buffer.writeUInt16BE(Math.min(path.length, 0xfff), 40 + oidBytes);
    path.copy(buffer, fixed);
    parts.push(buffer);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash(format).update(body).digest()]);
}
