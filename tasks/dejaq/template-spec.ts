/**
 * The shape of a seed template. Each is written over roles ({person}, {items}, ...) so it renders
 * in any setting. Quantity specs: "lo-hi" draws a whole number in [lo, hi]; "n*lo-hi" draws a
 * multiple of the quantity n (so divisions come out whole). The last sentence is the question.
 */
import type { SettingId } from "./problem.js";

export interface TemplateSpec {
  id: string;
  setting: SettingId;
  text: string;
  formula: string;
  quantities: Record<string, string>;
  /** What the answer counts, for extra-step clauses ("{items}", "dollars", "minutes"). */
  unit: string;
}

/** One template spec (a compact constructor for the data files). */
export const t = (
  id: string,
  setting: SettingId,
  text: string,
  formula: string,
  quantities: Record<string, string>,
  unit = "{items}",
): TemplateSpec => ({ id, setting, text, formula, quantities, unit });
