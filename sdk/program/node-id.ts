import { UserError } from "../errors.js";

const SAFE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const MAX_LENGTH = 200;

/**
 * Node ids become ref names (`refs/archive/<id>`) and folder names, so only a safe subset is
 * accepted: letters, digits, `.`, `_`, `-`, not starting with `.` or `-`, and none of git's
 * reserved forms (`..`, a trailing `.` or `.lock`).
 */
export function assertNodeId(nodeId: unknown, what = "node id"): asserts nodeId is string {
  if (
    typeof nodeId !== "string" ||
    nodeId.length > MAX_LENGTH ||
    !SAFE.test(nodeId) ||
    nodeId.includes("..") ||
    nodeId.endsWith(".") ||
    nodeId.endsWith(".lock")
  ) {
    throw new UserError(
      `invalid ${what} ${JSON.stringify(nodeId)}: use 1-${MAX_LENGTH} characters from [A-Za-z0-9._-], ` +
        `not starting with "." or "-", without "..", not ending in "." or ".lock" (e.g. "gen3-child1")`,
    );
  }
}

export function refOf(nodeId: string): string {
  return `refs/archive/${nodeId}`;
}

export const REF_PREFIX = "refs/archive/";
