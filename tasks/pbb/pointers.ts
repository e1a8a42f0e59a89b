/**
 * Pointer templates: questions that refer to a program by name only (`{name}`) and give an input
 * (`{input}`), never its source. The paper uses about 20 per dataset; without them learning
 * from source degrades, so Track B samples them and Track A phrases its questions with them.
 */
export const POINTER_TEMPLATES: readonly string[] = [
  "what does {name} return for {input}?",
  "compute {name}({input}).",
  "{name}({input}) = ?",
  "run {name} on the input {input}. what is the output?",
  "the program {name} is given {input}. what does it return?",
  "apply {name} to {input}.",
  "what is the value of {name}({input})?",
  "if you call {name} with {input}, what comes out?",
  "evaluate {name} at {input}.",
  "give the output of {name} when its input is {input}.",
  "{name} receives {input}. what is the result?",
  "what is the result of running {name} on {input}?",
  "calling {name}({input}) returns what?",
  "using the function {name}, transform {input}.",
  "feed {input} into {name}. what is the output?",
  "what output does {name} produce for the input {input}?",
  "execute {name} with the argument {input}.",
  "the function named {name} is applied to {input}. what is returned?",
  "tell me what {name} gives for {input}.",
  "find {name}({input}).",
  "for the input {input}, what is the output of {name}?",
  "what would {name} output given {input}?",
];

/** The templates (a copy, so callers may shuffle it). */
export function pointerTemplates(): string[] {
  return [...POINTER_TEMPLATES];
}

/** A template with its name and input filled in (the input already formatted, e.g. JSON). */
export function fillPointer(template: string, name: string, input: string): string {
  return template.replaceAll("{name}", name).replaceAll("{input}", input);
}
