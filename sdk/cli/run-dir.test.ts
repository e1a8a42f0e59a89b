import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evolve } from "../evolve/evolve.js";
import { openRunStore } from "../store/run-store.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const root = mkdtempSync(join(tmpdir(), "ha-run-dir-"));
const pristine = join(root, "pristine");

/** A fresh copy of one finished toy run, to damage. */
function copyRun(name: string): string {
  const dir = join(root, name);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

async function cli(args: string[]) {
  const io = memoryIo({ cwd: root });
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

beforeAll(async () => {
  const agent = writeToyProgram(join(root, "agent"));
  await evolve({
    runDir: pristine,
    tasks: [toyTask()],
    agentDir: agent,
    generations: 1,
    children: 1,
    parallel: 1,
  });
}, 120_000);

describe("damaged or odd run directories get a user's error", () => {
  it("a truncated run.sqlite: resume exits 2 naming the file and what can be recovered; export by id still works", async () => {
    const run = copyRun("truncated");
    const file = join(run, "run.sqlite");
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const resume = await cli(["evolve", "--resume", run]);
    expect(resume.code).toBe(2);
    expect(resume.err).toContain(`${file} is damaged`);
    expect(resume.err).toMatch(/hyperagents export/);
    expect(resume.err).not.toMatch(/a bug/);
    const exported = await cli(["export", run, "initial", "--out", join(root, "recovered")]);
    expect(exported.code, exported.err).toBe(0);
    expect(existsSync(join(root, "recovered", "task_agent.ts"))).toBe(true);
  });

  it("a run.sqlite overwritten with junk: resume and report exit 2 saying it is damaged", async () => {
    const run = copyRun("junk");
    const file = join(run, "run.sqlite");
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 0);
    closeSync(fd);
    for (const args of [
      ["evolve", "--resume", run],
      ["report", run],
    ]) {
      const result = await cli(args);
      expect(result.code, result.err).toBe(2);
      expect(result.err).toContain("is damaged");
    }
  });

  it("a deleted run.sqlite is refused, not rebuilt empty", async () => {
    const run = copyRun("deleted");
    rmSync(join(run, "run.sqlite"));
    const result = await cli(["evolve", "--resume", run]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/run\.sqlite is missing/);
    expect(existsSync(join(run, "run.sqlite"))).toBe(false);
  });

  it("a damaged program.git: resume exits 2 saying so; report still works", async () => {
    const run = copyRun("git");
    const objects = join(run, "program.git", "objects");
    for (const name of readdirSync(objects)) {
      if (/^[0-9a-f]{2}$/.test(name)) rmSync(join(objects, name), { recursive: true });
    }
    const resume = await cli(["evolve", "--resume", run]);
    expect(resume.code).toBe(2);
    expect(resume.err).toMatch(/program\.git is damaged/);
    expect(resume.err).toMatch(/hyperagents report/);
    const report = await cli(["report", run]);
    expect(report.code, report.err).toBe(0);
    const exported = await cli(["export", run, "initial", "--out", join(root, "torn")]);
    expect(exported.code).toBe(2);
    expect(exported.err).toMatch(/node initial's program cannot be read: .*program\.git is damaged/);
  });

  it("a run whose start failed says so, and neither --resume nor --out sends the user to --resume", async () => {
    const run = copyRun("failed-start");
    const store = openRunStore(join(run, "run.sqlite"));
    store.finishNode("initial", {
      status: "invalid",
      rejectStage: "compile",
      rejectReason: "SyntaxError: x",
    });
    store.close();
    for (const args of [
      ["evolve", "--resume", run],
      ["evolve", "--task", "toy", "--out", run],
    ]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/never started: its initial program was rejected \(SyntaxError: x\)/);
      expect(result.err).toMatch(/start over with another --out, or remove/);
      expect(result.err).not.toMatch(/pass --resume/);
    }
  });

  it("a program that does not compile never becomes a run", async () => {
    const agent = join(root, "broken");
    mkdirSync(agent);
    writeFileSync(join(agent, "task_agent.ts"), "export function solve( {\n");
    writeFileSync(join(agent, "meta_agent.ts"), "export async function improve() {}\n");
    const result = await cli([
      "evolve",
      "--task",
      "circle-packing",
      "--agent",
      "broken",
      "--out",
      "broken-run",
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/does not compile/);
    expect(result.err).toMatch(/No run was started/);
    expect(result.err).not.toMatch(/--resume/);
    expect(existsSync(join(root, "broken-run", "run.json"))).toBe(false);
  });
});
