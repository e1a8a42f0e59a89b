import type { Ctx } from "./types.js";

const FENCE = "`".repeat(3);

/** A whole-file rewrite meta agent: one model call proposes a new task_agent.ts. */
export async function improve(ctx: Ctx) {
  const current = await ctx.files.view("task_agent.ts");
  const scores = ctx.data.evaluations.map((e) => `${e.nodeId} ${e.taskId}: ${e.score ?? "unscored"}`);
  const reply = await ctx.llm.generate({
    system: `You improve TypeScript agents. Reply with one ${FENCE}ts block holding the whole new file.`,
    messages: [
      {
        role: "user",
        content: `Lineage scores:\n${scores.join("\n")}\nIterations left: ${ctx.data.iterationsLeft}\n\n${current}`,
      },
    ],
  });
  const code = new RegExp(`${FENCE}(?:ts|typescript)?\\n([\\s\\S]*?)${FENCE}`).exec(reply.text)?.[1];
  if (!code) throw new Error("the model's reply held no ts code block");
  ctx.log(await ctx.files.create("task_agent.ts", code));
  return "rewrote task_agent.ts";
}
