/**
 * The pbb oracle: no model. It parses the definitions in the input (JavaScript or English),
 * executes the asked program (the last definition) on the input, and so scores 100% wherever a
 * definition is shown; with demonstrations only it infers what it can (infer.ts).
 */
import { type Demonstration, inferFromDemos } from "./infer.js";
import { type Fn, parseCode } from "./parse_code.js";
import { parseEnglish } from "./parse_english.js";
import type { TaskAgentContext } from "./types.js";

interface PbbInput {
  condition?: { representation?: string };
  program?: string[];
  demonstrations?: Demonstration[];
  input: number | string;
}

function definitionsOf(input: PbbInput, ctx: TaskAgentContext): Fn | { error: string } {
  const defined = new Map<string, Fn>();
  const lookup =
    (name: string): Fn =>
    (value) => {
      const fn = defined.get(name);
      if (!fn) throw new Error(`${name} is used before it is defined`);
      return fn(value);
    };
  let last: Fn | undefined;
  for (const text of input.program ?? []) {
    const parsed = text.startsWith("function ") ? parseCode(text, lookup) : parseEnglish(text, lookup);
    if ("error" in parsed) return parsed;
    defined.set(parsed[0], parsed[1]);
    last = parsed[1];
    ctx.log(`read ${parsed[0]}`);
  }
  return last ?? { error: "no definitions" };
}

export async function solve(raw: unknown, ctx: TaskAgentContext): Promise<unknown> {
  const input = raw as PbbInput;
  if (input === null || typeof input !== "object" || !("input" in input)) {
    return { error: "the instance has no input field" };
  }
  if (!input.program || input.program.length === 0)
    return inferFromDemos(input.demonstrations ?? [], input.input);
  const program = definitionsOf(input, ctx);
  if (typeof program !== "function") return program;
  try {
    return program(input.input);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
