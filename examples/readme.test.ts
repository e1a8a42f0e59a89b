import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Every TypeScript snippet in the README starts with a `// examples/…` line naming the file it
// is a copy of; the file is type-checked with the project, so the snippet must equal it.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const snippets = [...readme.matchAll(/```ts\n\/\/ (examples\/\S+)\n([\s\S]*?)```/g)].map((match) => ({
  file: match[1]!,
  body: match[2]!,
}));

describe("README snippets", () => {
  it("the README has one per use: custom meta agent, evolution loop, LLM evaluation", () => {
    expect(snippets.map((snippet) => snippet.file)).toEqual([
      "examples/custom-meta-agent/meta_agent.ts",
      "examples/evolution-loop.ts",
      "examples/llm-eval.ts",
    ]);
  });

  for (const snippet of snippets) {
    it(`${snippet.file} is the snippet, verbatim`, () => {
      expect(snippet.body).toBe(readFileSync(new URL(`../${snippet.file}`, import.meta.url), "utf8"));
    });
  }
});
