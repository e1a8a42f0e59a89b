/** The user's cache folder for what hyperagents builds once (embeddings, generated task data). */
import os from "node:os";
import path from "node:path";

/** $HYPERAGENTS_CACHE_DIR, else $XDG_CACHE_HOME/hyperagents, else ~/.cache/hyperagents. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HYPERAGENTS_CACHE_DIR) return env.HYPERAGENTS_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, "hyperagents");
  return path.join(os.homedir(), ".cache", "hyperagents");
}
