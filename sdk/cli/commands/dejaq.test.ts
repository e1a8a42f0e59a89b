import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { problemText } from "../../../tasks/dejaq/problem.js";
import { openDejaqStore } from "../../../tasks/dejaq/store.js";
import { STUDENT_INSTRUCTION } from "../../../tasks/dejaq/student.js";
import { instantiate, TEMPLATES } from "../../../tasks/dejaq/templates.js";
import { type RecordedRequest, startOpenAIServer } from "../../testing/index.js";
import { memoryIo } from "../memory-io.js";
import { dejaqRunCommand } from "./dejaq.js";

describe("hyperagents dejaq run", () => {
  it("runs offline with the simulated student, then resumes to more steps", { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), "dejaq-cli-"));
    const io = memoryIo({ cwd });
    const first = await dejaqRunCommand(
      { teacher: "offline", student: "simulated", steps: 3, out: "run" },
      io,
    );
    expect(io.err).toMatch(/step 3: archive \d+, coverage \d+%/);
    expect(existsSync(first.page)).toBe(true);
    const json = memoryIo({ cwd });
    await dejaqRunCommand(
      { teacher: "offline", student: "simulated", steps: 5, out: "run", json: true },
      json,
    );
    const summary = JSON.parse(json.out) as { resumedFrom: number; last: { step: number } };
    expect(summary).toMatchObject({ resumedFrom: 3, last: { step: 5 } });
    await expect(dejaqRunCommand({ teacher: "offline", student: "simulated", steps: 0 }, io)).rejects.toThrow(
      /--steps must be/,
    );
  });

  it("runs end to end through an OpenAI-compatible server with a scripted teacher and student", {
    timeout: 60_000,
  }, async () => {
    // What the scripted student knows: the seeds' answers, and every answer the teacher wrote.
    const answers = new Map(TEMPLATES.map((t) => instantiate(t, 0)).map((p) => [problemText(p), p.answer]));
    let teacherCalls = 0;
    let studentCalls = 0;
    const tries = new Map<string, number>();
    const reply = (text: string) => ({ text });
    const teacher = (prompt: string) => {
      teacherCalls++;
      const parentText = /Parent problem \(setting [a-z-]+\): (.*)/.exec(prompt)?.[1] ?? "";
      const program = /Its program: (.*) with (.*); answer (\d+)\./.exec(prompt);
      const answer = Number(program?.[3]);
      const values = [...(program?.[2] ?? "").matchAll(/= (\d+)/g)].map((m) => m[1]).join(", ");
      let problem: string;
      let json: Record<string, unknown>;
      if (prompt.includes("Target setting:")) {
        const target = /Target setting: ([a-z-]+)/.exec(prompt)?.[1];
        problem = `In a new story the numbers are ${values}. What is the result of the same sum?`;
        json = { setting: target, problem };
      } else if (prompt.includes("irrelevant information")) {
        const sentences = parentText.split(/(?<=[.?!])\s+/);
        problem = [...sentences.slice(0, -1), "The hall has 17 doors.", sentences.at(-1)].join(" ");
        json = { problem };
      } else {
        const wrong = teacherCalls % 4 === 0;
        problem = `Start from ${answer} stickers and add 3 more. How many stickers are there?`;
        json = {
          problem,
          quantities: { start: answer, more: 3 },
          formula: "start + more",
          answer: answer + 3 + (wrong ? 1 : 0),
        };
      }
      answers.set(problem, answer + (json.formula ? 3 : 0));
      return reply(`\`\`\`json\n${JSON.stringify(json)}\n\`\`\``);
    };
    const server = await startOpenAIServer((request: RecordedRequest) => {
      const body = request.body as { messages: { content: string }[] };
      const prompt = body.messages[0]?.content ?? "";
      if (!prompt.startsWith(STUDENT_INSTRUCTION)) return teacher(prompt);
      studentCalls++;
      const text = prompt.slice(STUDENT_INSTRUCTION.length + 2);
      const known = answers.get(text);
      // Wrong on its first try at each problem, right after that (when it knows the answer):
      // every problem it knows scores 2 of 3, learnable whatever order the calls come in.
      const seen = tries.get(text) ?? 0;
      tries.set(text, seen + 1);
      return reply(known !== undefined && seen % 3 !== 0 ? `Easy.\nAnswer: ${known}` : "Answer: 0");
    });
    try {
      const cwd = mkdtempSync(join(tmpdir(), "dejaq-cli-openai-"));
      const io = memoryIo({ cwd, env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: server.baseURL } });
      const options = {
        teacher: "openai:teacher",
        student: "openai:student",
        out: "run",
        batch: 4,
        attempts: 3,
        mutations: 6,
      };
      const result = await dejaqRunCommand({ ...options, steps: 2 }, io);
      expect(teacherCalls).toBe(12);
      expect(studentCalls).toBeGreaterThan(2 * 4 * 3);
      expect(result.last?.batchAccuracy).toBeGreaterThan(0);
      const store = openDejaqStore(join(cwd, "run", "dejaq.sqlite"), { readonly: true });
      const candidates = store.candidates();
      store.close();
      const byMutator = (name: string) => candidates.filter((c) => c.mutator === name);
      expect(byMutator("teacher-setting").every((c) => c.valid)).toBe(true);
      expect(byMutator("teacher-distractor").every((c) => c.valid)).toBe(true);
      const symbolic = byMutator("teacher-symbolic");
      expect(symbolic.some((c) => c.valid)).toBe(true);
      for (const c of symbolic.filter((s) => !s.valid)) expect(c.reason).toMatch(/not the program's/);
      expect(candidates.some((c) => c.inserted)).toBe(true);
      const batch = readFileSync(join(cwd, "run", "batches", "step-0002.jsonl"), "utf8")
        .trim()
        .split("\n");
      expect(batch).toHaveLength(4);
      expect(readFileSync(result.page, "utf8")).toContain("teacher-symbolic");

      // A trainer hands over a new student: the next step reads student.spec.
      writeFileSync(join(cwd, "run", "student.spec"), "simulated\n");
      const next = await dejaqRunCommand({ ...options, steps: 3 }, io);
      expect(next.last?.student).toBe("simulated");
    } finally {
      await server.close();
    }
  });
});
