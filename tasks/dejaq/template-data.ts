/**
 * The seed templates: 64 grade-school word problems, 8 per home setting, in the spirit of
 * GSM-Symbolic (our own text), written over roles so each renders in any setting.
 */
import { AWAY_SPECS } from "./template-data-away.js";
import { HOME_SPECS } from "./template-data-home.js";
import type { TemplateSpec } from "./template-spec.js";

export type { TemplateSpec } from "./template-spec.js";

export const TEMPLATE_SPECS: readonly TemplateSpec[] = [...HOME_SPECS, ...AWAY_SPECS];
