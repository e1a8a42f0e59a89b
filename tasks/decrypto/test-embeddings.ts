/** Test helper (not a test): a small embedding, built once per machine into a shared temp cache. */
import os from "node:os";
import path from "node:path";
import pairs from "./data/similar-pairs.json" with { type: "json" };
import { type LoadedEmbeddings, loadEmbeddings } from "./embedding-cache.js";

export const SIMILAR_PAIRS = pairs as [string, string][];

export function testEmbeddings(): Promise<LoadedEmbeddings> {
  return loadEmbeddings({
    cacheDir: path.join(os.tmpdir(), "hyperagents-test-cache"),
    build: { vocabularySize: 3000, contextSize: 1500, dim: 48, extraWords: SIMILAR_PAIRS.flat() },
    progress: () => {},
  });
}
