import { join, relative, resolve } from "node:path";
import { bestNode, growthScore } from "../../archive/archive.js";
import { HyperagentsError, UserError } from "../../errors.js";
import { readRunConfig } from "../../evolve/run-config.js";
import { openProgramStore } from "../../program/index.js";
import { openRunStore } from "../../store/run-store.js";
import type { CliIo } from "../io.js";

export async function exportNode(
  runDirArg: string,
  nodeArg: string,
  options: { out: string },
  io: CliIo,
): Promise<void> {
  let node = nodeArg;
  const runDir = resolve(io.cwd, runDirArg);
  readRunConfig(runDir);
  const programs = await openProgramStore({
    gitDir: join(runDir, "program.git"),
    worktreesDir: join(runDir, "worktrees"),
    // Reading only: a missing program.git is reported, never made anew.
    create: false,
  });
  node = pickNode(runDir, node);
  const known = await programs.has(node).catch((error: unknown) => {
    throw damagedProgram(error, runDirArg, node);
  });
  if (!known) {
    const nodes = await programs.listNodes();
    throw new UserError(
      `no node "${node}" in ${runDirArg}: known nodes include ${nodes.slice(0, 8).join(", ")}`,
    );
  }
  const out = resolve(io.cwd, options.out);
  await programs.export(node, out).catch((error: unknown) => {
    throw damagedProgram(error, runDirArg, node);
  });
  io.stderr(
    `wrote ${node} to ${relative(io.cwd, out) || "."}\n` +
      `  npx hyperagents eval --task TASK --agent ${relative(io.cwd, out)}\n` +
      `  npx hyperagents impk --agent ${relative(io.cwd, out)} --task TASK -k 50\n`,
  );
}

/** Git's words for objects a damaged repository lost or tore. */
const DAMAGE =
  /missing (object|blob|tree|commit)|bad object|corrupt|invalid sha1 pointer|unable to read|loose object .* is corrupt/i;

/** A node whose objects are missing is the user's to recover (another node may be whole), not a bug. */
function damagedProgram(error: unknown, runDir: string, node: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (HyperagentsError.is(error) && error.kind === "user") return error;
  if (!DAMAGE.test(message)) return error;
  const detail = message.split("\n").find((line) => DAMAGE.test(line)) ?? message;
  return new UserError(
    `node ${node}'s program cannot be read: ${join(runDir, "program.git")} is damaged (${detail.trim()}); ` +
      `export another node, and \`hyperagents report ${runDir}\` still shows the run's record`,
    { cause: error },
  );
}

/** Resolves `best` and `growth` to node ids; any other name is taken as an id. */
function pickNode(runDir: string, name: string): string {
  if (name !== "best" && name !== "growth") return name;
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  try {
    const nodes = store.nodes();
    if (name === "best") {
      const best = bestNode(nodes);
      if (!best) throw new UserError("this run has no valid node yet: nothing to export");
      return best.id;
    }
    let pick: { id: string; growth: number } | undefined;
    for (const node of nodes) {
      const growth = growthScore(nodes, node.id);
      if (growth !== undefined && (!pick || growth > pick.growth)) pick = { id: node.id, growth };
    }
    if (!pick) {
      throw new UserError(
        "no node has the 3 scored descendants a growth score needs yet: export `best` or a node id",
      );
    }
    return pick.id;
  } finally {
    store.close();
  }
}
