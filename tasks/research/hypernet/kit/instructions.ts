/**
 * The instruction language of Tabletop-2D: verb × colour × region, 2 × 4 × 4 = 32 instructions,
 * written as "push the red block to the left". Eight combinations are held out for zero-shot
 * evaluation, chosen so that every verb, colour and region word, every (verb, colour), every
 * (verb, region) and every (colour, region) pair still occurs in a training instruction.
 */

export const VERBS = ["move", "push"] as const;
export const COLOURS = ["red", "green", "blue", "yellow"] as const;
export const REGIONS = ["left", "right", "top", "bottom"] as const;

export type Verb = (typeof VERBS)[number];
export type Colour = (typeof COLOURS)[number];
export type Region = (typeof REGIONS)[number];

export interface Instruction {
  verb: Verb;
  colour: Colour;
  region: Region;
}

/** The instruction as its text. */
export function instructionText({ verb, colour, region }: Instruction): string {
  return `${verb} the ${colour} block to the ${region}`;
}

/** Reads "verb the colour block to the region"; throws on anything else. */
export function parseInstruction(text: string): Instruction {
  const words = text.trim().toLowerCase().split(/\s+/);
  const [verb, the1, colour, block, to, the2, region] = words;
  const ok =
    words.length === 7 &&
    the1 === "the" &&
    block === "block" &&
    to === "to" &&
    the2 === "the" &&
    (VERBS as readonly string[]).includes(verb ?? "") &&
    (COLOURS as readonly string[]).includes(colour ?? "") &&
    (REGIONS as readonly string[]).includes(region ?? "");
  if (!ok) throw new Error(`"${text}" is not an instruction of the form "push the red block to the left"`);
  return { verb: verb as Verb, colour: colour as Colour, region: region as Region };
}

/** Whether (verb, colour, region) is one of the eight held-out combinations. */
export function isHeldOut({ verb, colour, region }: Instruction): boolean {
  const v = VERBS.indexOf(verb);
  const c = COLOURS.indexOf(colour);
  return REGIONS.indexOf(region) === (c + 2 * v) % REGIONS.length;
}

/** All 32 instructions, verb-major. */
export function allInstructions(): Instruction[] {
  return VERBS.flatMap((verb) =>
    COLOURS.flatMap((colour) => REGIONS.map((region) => ({ verb, colour, region }))),
  );
}

export const trainInstructions = (): Instruction[] => allInstructions().filter((i) => !isHeldOut(i));
export const heldOutInstructions = (): Instruction[] => allInstructions().filter(isHeldOut);
