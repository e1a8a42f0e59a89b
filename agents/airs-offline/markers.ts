/**
 * The meta agent's view of a tunable file: lines such as
 *   ridge: 0.001, // @tune 0.000001..10      a number within bounds
 *   epochs: 150, // @tune int 10..600        a whole number within bounds
 *   model: "ridge", // @choice ridge|mlp     one of the listed options
 * each under the `export const GROUP = {` it belongs to, optionally ending in `@when KEY=A|B` (the
 * line matters only while the group's KEY holds A or B). Edits replace the value only.
 */

export interface Marker {
  group: string;
  name: string;
  /** Index of the line in the file. */
  line: number;
  text: string;
  value: number | string;
  /** Numbers: bounds and whether whole; choices: the options. */
  min: number;
  max: number;
  integer: boolean;
  options: string[];
  /** From a trailing `@when KEY=A|B`: the line matters only while the group's KEY is one of these. */
  when?: { key: string; values: string[] };
}

const NUMBER =
  /^(\s*)([A-Za-z_$][\w$]*)(\s*:\s*)(-?[\d.]+(?:e[-+]?\d+)?)(\s*,\s*\/\/\s*@tune\s+(int\s+)?(-?[\d.e+-]+)\.\.(-?[\d.e+-]+).*)$/;
const CHOICE = /^(\s*)([A-Za-z_$][\w$]*)(\s*:\s*)"([^"]*)"(\s*,\s*\/\/\s*@choice\s+([\w|-]+).*)$/;
const GROUP = /^\s*export\s+const\s+([A-Za-z_$][\w$]*)\s*=/;

function whenOf(line: string): Marker["when"] {
  const w = /@when\s+(\w+)=([\w|-]+)/.exec(line);
  return w ? { key: w[1]!, values: w[2]!.split("|") } : undefined;
}

/** Markers whose `@when` condition holds in their group (or that have none). */
export function activeMarkers(markers: Marker[]): Marker[] {
  return markers.filter((m) => {
    if (!m.when) return true;
    const key = markers.find((k) => k.group === m.group && k.name === m.when!.key);
    return key === undefined || m.when.values.includes(String(key.value));
  });
}

export function parseMarkers(text: string): Marker[] {
  const out: Marker[] = [];
  let group = "";
  text.split("\n").forEach((line, index) => {
    group = GROUP.exec(line)?.[1] ?? group;
    const n = NUMBER.exec(line);
    if (n) {
      const [min, max] = [Number(n[7]), Number(n[8])];
      if (Number.isFinite(min) && Number.isFinite(max) && max > min) {
        const when = whenOf(line);
        const base = { group, name: n[2]!, line: index, text: line, options: [], ...(when ? { when } : {}) };
        out.push({ ...base, value: Number(n[4]), min, max, integer: n[6] !== undefined });
      }
      return;
    }
    const c = CHOICE.exec(line);
    if (c) {
      const options = c[6]!.split("|");
      out.push({
        group,
        name: c[2]!,
        line: index,
        text: line,
        value: c[4]!,
        min: 0,
        max: 0,
        integer: false,
        options,
      });
    }
  });
  return out;
}

/** The marker's line with a new value. */
export function lineWith(marker: Marker, value: number | string): string {
  const m = (typeof marker.value === "number" ? NUMBER : CHOICE).exec(marker.text);
  if (!m) return marker.text;
  const shown = typeof marker.value === "number" ? String(value) : `"${value}"`;
  return `${m[1]}${m[2]}${m[3]}${shown}${m[5]}`;
}

/** A standard normal draw from the host-seeded Math.random. */
export function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

/** A new number within bounds: a Gaussian step of `step` x range (x log-range over a decade or more). */
export function perturb(marker: Marker, step: number): number {
  const v = marker.value as number;
  const log = marker.min > 0 && marker.max / marker.min >= 10;
  const tidy = (x: number) => {
    const clipped = Math.min(marker.max, Math.max(marker.min, x));
    return marker.integer ? Math.round(clipped) : Number(clipped.toPrecision(3));
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    const next = log
      ? tidy(
          Math.exp(Math.log(Math.max(v, marker.min)) + normal() * step * Math.log(marker.max / marker.min)),
        )
      : tidy(v + normal() * step * (marker.max - marker.min));
    if (next !== v) return next;
  }
  const unit = marker.integer ? 1 : (marker.max - marker.min) * 0.02;
  return tidy(v + unit <= marker.max ? v + unit : v - unit);
}

/** Another option than the current one. */
export function otherOption(marker: Marker): string {
  const others = marker.options.filter((o) => o !== marker.value);
  return others[Math.floor(Math.random() * others.length)] ?? String(marker.value);
}
