/**
 * Finds and rewrites the tunable lines of a source file:
 *   name: 0.25, // @tune 0..1          a number in [0, 1]
 *   name: 12, // @tune int 1..40       a whole number in [1, 40]
 *   name: "grid", // @choice grid|hex   one of the listed strings
 * Edits replace only the value, so a diff shows exactly which parameter moved.
 */

export interface NumberTunable {
  kind: "number";
  name: string;
  /** The exported object the line belongs to (e.g. "circlePacking"), or "" at top level. */
  group: string;
  value: number;
  min: number;
  max: number;
  integer: boolean;
  /** The full source line. */
  line: string;
}

export interface ChoiceTunable {
  kind: "choice";
  name: string;
  group: string;
  value: string;
  options: string[];
  line: string;
}

export type Tunable = NumberTunable | ChoiceTunable;

const NUM = String.raw`-?\d+(?:\.\d+)?(?:e[-+]?\d+)?`;
const NUMBER_LINE = new RegExp(
  String.raw`^\s*([A-Za-z_$][\w$]*)\s*:\s*(${NUM})\s*,\s*\/\/\s*@tune\s+(int\s+)?(${NUM})\.\.(${NUM})`,
  "i",
);
const CHOICE_LINE = /^\s*([A-Za-z_$][\w$]*)\s*:\s*"([^"]*)"\s*,\s*\/\/\s*@choice\s+([\w-]+(?:\|[\w-]+)*)/;
const GROUP_LINE = /^\s*export\s+const\s+([A-Za-z_$][\w$]*)\s*=/;

export function parseTunables(text: string): Tunable[] {
  const out: Tunable[] = [];
  let group = "";
  for (const line of text.split("\n")) {
    const g = GROUP_LINE.exec(line);
    if (g) group = g[1]!;
    const m = NUMBER_LINE.exec(line);
    if (m) {
      const min = Number(m[4]);
      const max = Number(m[5]);
      if (Number.isFinite(min) && Number.isFinite(max) && max > min) {
        out.push({
          kind: "number",
          name: m[1]!,
          group,
          value: Number(m[2]),
          min,
          max,
          integer: Boolean(m[3]),
          line,
        });
      }
      continue;
    }
    const c = CHOICE_LINE.exec(line);
    if (c) {
      out.push({ kind: "choice", name: c[1]!, group, value: c[2]!, options: c[3]!.split("|"), line });
    }
  }
  return out;
}

/** A standard normal sample (Box-Muller over the host-seeded Math.random). */
export function gaussian(): number {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function tidy(value: number, integer: boolean): number {
  return integer ? Math.round(value) : Number(value.toPrecision(4));
}

/**
 * A new value for `t`, different from the current one when the range allows. `step` is the
 * standard deviation as a fraction of the range; ranges over more than a decade move in log space.
 */
export function perturbNumber(t: NumberTunable, step: number): number {
  const logScale = t.min > 0 && t.max / t.min >= 20;
  for (let attempt = 0; attempt < 8; attempt++) {
    let next: number;
    if (logScale) {
      const span = Math.log(t.max / t.min);
      const current = Math.log(Math.min(t.max, Math.max(t.min, t.value)));
      next = Math.exp(current + gaussian() * step * span);
    } else {
      next = t.value + gaussian() * step * (t.max - t.min);
    }
    next = tidy(Math.min(t.max, Math.max(t.min, next)), t.integer);
    if (next !== t.value) return next;
  }
  // Small steps can round back to the same value: move by one unit towards the open side.
  const unit = t.integer ? 1 : Math.max(Math.abs(t.value) * 0.05, (t.max - t.min) * 0.01);
  const up = t.value + unit <= t.max && (t.value - unit < t.min || Math.random() < 0.5);
  return tidy(Math.min(t.max, Math.max(t.min, up ? t.value + unit : t.value - unit)), t.integer);
}

/** Another option than the current one (the current one when there is no other). */
export function switchChoice(t: ChoiceTunable): string {
  const others = t.options.filter((o) => o !== t.value);
  if (others.length === 0) return t.value;
  return others[Math.floor(Math.random() * others.length)]!;
}

function escapeName(name: string): string {
  return name.replace(/\$/g, "\\$");
}

/** The tunable's line with its value replaced (the comment and bounds are kept). */
export function withValue(t: Tunable, value: number | string): string {
  if (t.kind === "number") {
    return t.line.replace(
      new RegExp(String.raw`^(\s*${escapeName(t.name)}\s*:\s*)${NUM}`, "i"),
      (_all, head: string) => `${head}${String(value)}`,
    );
  }
  return t.line.replace(
    new RegExp(String.raw`^(\s*${escapeName(t.name)}\s*:\s*)"[^"]*"`),
    (_all, head: string) => `${head}"${value}"`,
  );
}
