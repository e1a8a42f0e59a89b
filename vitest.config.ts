import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{sdk,sandbox,agents,tasks,evals,examples,bin}/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // isolated-vm and better-sqlite3 are native addons: forks are safer than worker threads.
    pool: "forks",
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", ["json", { outputFile: "test-artifacts/vitest.json" }]],
    // isolated-vm asks for this flag on Node 20+ (the startup snapshot and isolates do not mix).
    execArgv: ["--no-node-snapshot"],
  },
});
