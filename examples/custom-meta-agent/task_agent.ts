interface Ctx {
  data: { task: { id: string; description: string } };
  llm: { generate(request: { messages: { role: "user"; content: string }[] }): Promise<{ text: string }> };
}

/** One model call; the answer is the last JSON object in the reply. */
export async function solve(input: unknown, ctx: Ctx) {
  const reply = await ctx.llm.generate({
    messages: [
      {
        role: "user",
        content: `${ctx.data.task.description}\n\nInput:\n${JSON.stringify(input)}\n\nAnswer with one JSON object.`,
      },
    ],
  });
  const start = reply.text.indexOf("{");
  const end = reply.text.lastIndexOf("}");
  return start >= 0 && end > start
    ? JSON.parse(reply.text.slice(start, end + 1))
    : { error: "no JSON in the reply" };
}
