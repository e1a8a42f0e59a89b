import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));

describe("the compiled package (npm run build)", () => {
  it("runs in plain Node, without tsx: an evolution run and its report", { timeout: 180_000 }, () => {
    // Inside the repository's node_modules, so the build finds its dependencies as an installed package would.
    const cache = join(repo, "node_modules", ".cache");
    mkdirSync(cache, { recursive: true });
    const out = mkdtempSync(join(cache, "hyperagents-build-"));
    try {
      execFileSync(
        process.execPath,
        [join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", out],
        {
          cwd: repo,
        },
      );
      execFileSync(process.execPath, ["bin/copy-assets.js", out], { cwd: repo });
      for (const file of [
        "sdk/index.js",
        "sdk/index.d.ts",
        "sandbox/index.js",
        "agents/offline/task_agent.ts",
      ]) {
        expect(existsSync(join(out, file)), file).toBe(true);
      }
      const script = join(out, "smoke.mjs");
      writeFileSync(
        script,
        `import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evolve, writeReport } from ${JSON.stringify(pathToFileURL(join(out, "sdk/index.js")).href)};
const summary = await evolve({ runDir: join(mkdtempSync(join(tmpdir(), "ha-smoke-")), "run"), tasks: ["circle-packing"], generations: 1 });
const report = await writeReport(summary.runDir);
console.log(JSON.stringify({ archive: summary.archiveSize, best: summary.bestScore, html: report.html }));
`,
      );
      const run = spawnSync(process.execPath, ["--no-node-snapshot", script], { cwd: out, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as {
        archive: number;
        best: number;
        html: string;
      };
      expect(result.archive).toBe(3);
      expect(result.best).toBeGreaterThan(0.5);
      expect(existsSync(result.html)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
