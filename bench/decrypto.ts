/**
 * Decrypto figures: the WordNet embedding build time (fresh, into a temporary cache), embedding
 * self-play games per second, and the embedding Alice+Bob vs embedding Eve baseline over
 * 32 games × 3 seeds. Writes bench/results/decrypto.json.
 * Run: npx tsx bench/decrypto.ts
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateDecrypto, loadEmbeddings, terminalProgress } from "../tasks/decrypto/index.js";

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "hyperagents-bench-"));
  try {
    const loaded = await loadEmbeddings({ cacheDir: dir, progress: terminalProgress() });
    const e = loaded.embeddings;
    const t0 = performance.now();
    const result = await evaluateDecrypto({ embeddings: e, games: 32, seeds: 3, concurrency: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const baseline = result.matchups[0];
    if (baseline === undefined) throw new Error("no baseline match-up");
    const m = baseline.metrics;
    const gamesPerSecond = m.games / seconds;
    const fmt = (x: { mean: number; sem: number }) => `${x.mean.toFixed(2)} ± ${x.sem.toFixed(2)}`;
    process.stdout.write(
      [
        `embedding build (${e.words.length} words × ${e.dim} dims, ${loaded.backend ?? "?"} backend): ${loaded.buildSeconds?.toFixed(1)} s`,
        `self-play: ${m.games} games in ${seconds.toFixed(1)} s = ${gamesPerSecond.toFixed(1)} games/s (one process)`,
        "",
        "match-up                     turns/game     interceptions  miscomms       end conditions",
        `embedding vs embedding       ${fmt(m.turns).padEnd(14)} ${fmt(m.interceptions).padEnd(14)} ${fmt(m.miscommunications).padEnd(14)} ${JSON.stringify(m.endConditions)}`,
        "",
      ].join("\n"),
    );
    const out = fileURLToPath(new URL("./results/decrypto.json", import.meta.url));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(
      out,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version },
          embeddings: {
            words: e.words.length,
            dim: e.dim,
            buildSeconds: loaded.buildSeconds,
            backend: loaded.backend,
          },
          selfPlay: { games: m.games, seconds, gamesPerSecond },
          baseline: {
            matchup: "embedding team vs embedding interceptor",
            gamesPerSeed: 32,
            seeds: result.seeds,
            ...m,
          },
        },
        null,
        2,
      )}\n`,
    );
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
