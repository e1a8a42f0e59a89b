/**
 * `hyperagents eval --task dejaq --model SPEC`: the model answers problems of four sets (seed
 * templates, +1 and +2 added clauses, held-out templates; see eval-sets.ts), one sample per
 * (set, template, seed), scored 1 for the exact answer. `summarise` gives accuracy per set with
 * a Wilson interval and the tail accuracy CVaR_0.1 over templates with a bootstrap interval.
 * With `offline` (no model) a sum-of-the-numbers baseline answers instead, as reference samples.
 */
import { UserError } from "../../sdk/errors.js";
import type { JsonValue, ModelEvaluation, ModelSample, ScoredModelSample, TaskFigure } from "../task.js";
import { parseNumericAnswer, problemPrompt, sameNumber } from "./eval-answer.js";
import { cvarInterval, type Interval, wilsonInterval } from "./eval-metrics.js";
import { EVAL_SETS, type EvalSet, evalProblem, setTemplates } from "./eval-sets.js";
import { numbersInText, problemText } from "./problem.js";

const SET_LABELS: Record<EvalSet, string> = {
  seed: "seed templates",
  "perturbed-1": "+1 clause",
  "perturbed-2": "+2 clauses",
  "held-out": "held-out templates",
};

interface SampleInput {
  set: EvalSet;
  template: string;
  text: string;
  answer: number;
}

/** Sample seeds are offset so evaluation problems never coincide with the archive's seeds. */
const EVAL_SEED_BASE = 90_000;

/** The no-model reference: adds every number in the text (what ignoring the words gets you). */
export function sumOfNumbers(text: string): number {
  return numbersInText(text).reduce((a, b) => a + b, 0);
}

function readInput(sample: ModelSample): SampleInput {
  const input = sample.input as unknown as SampleInput;
  if (typeof input?.text !== "string" || typeof input.answer !== "number") {
    throw new UserError(
      `DéjàQ sample ${sample.instance} has no problem text and answer: rerun without --resume`,
    );
  }
  return input;
}

function intervalText(i: Interval): string {
  return `[${i.low.toFixed(3)}, ${i.high.toFixed(3)}], n = ${i.n}`;
}

export interface DejaqSummary {
  sets: Partial<Record<EvalSet, Interval>>;
  cvar10: Interval;
  unparsable: number;
  reference: boolean;
}

/** Accuracy per set and CVaR_0.1 over templates (all sets pooled), from finished samples. */
export function summariseDejaq(samples: readonly ScoredModelSample[]): DejaqSummary {
  const sets: Partial<Record<EvalSet, Interval>> = {};
  for (const set of EVAL_SETS) {
    const own = samples.filter((s) => s.split === set);
    if (own.length > 0) sets[set] = wilsonInterval(own.filter((s) => s.score >= 1).length, own.length);
  }
  const byTemplate = new Map<string, { ok: number; n: number }>();
  for (const s of samples) {
    const t = byTemplate.get(s.instance) ?? { ok: 0, n: 0 };
    t.ok += s.score >= 1 ? 1 : 0;
    t.n++;
    byTemplate.set(s.instance, t);
  }
  const unparsable = samples.filter(
    (s) => (s.details as { unparsable?: boolean } | null)?.unparsable === true,
  );
  return {
    sets,
    cvar10: cvarInterval(
      [...byTemplate.values()].map((t) => t.ok / t.n),
      0.1,
    ),
    unparsable: unparsable.length,
    reference: samples.length > 0 && samples.every((s) => s.reference === true),
  };
}

export function dejaqModelEvaluation(): ModelEvaluation {
  return {
    async samples(request) {
      const seeds = request.seeds ?? 3;
      if (!Number.isInteger(seeds) || seeds < 1)
        throw new UserError(`--seeds must be a positive integer, got ${seeds}`);
      const out: ModelSample[] = [];
      for (const set of EVAL_SETS) {
        const templates = setTemplates(set).slice(0, request.limit);
        for (let seed = 0; seed < seeds; seed++) {
          for (const template of templates) {
            const problem = evalProblem(set, template, EVAL_SEED_BASE + seed);
            if (!problem) continue;
            const input: SampleInput = {
              set,
              template: template.id,
              text: problemText(problem),
              answer: problem.answer,
            };
            out.push({
              split: set,
              instance: template.id,
              seed,
              input: input as unknown as JsonValue,
              ...(request.model === null ? { reference: true } : {}),
            });
          }
        }
      }
      return out;
    },
    async run(sample, ctx) {
      const input = readInput(sample);
      let reply: string;
      if (sample.reference === true) {
        reply = `Answer: ${sumOfNumbers(input.text)}`;
      } else {
        const response = await ctx.model.generate({
          messages: [{ role: "user", content: problemPrompt(input.text) }],
          temperature: 0,
          maxTokens: 2048,
          metadata: { role: "student", task: "dejaq" },
          ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        });
        reply = response.text;
      }
      const parsed = parseNumericAnswer(reply);
      const correct = parsed !== undefined && sameNumber(parsed, input.answer);
      return {
        score: correct ? 1 : 0,
        answer: parsed ?? null,
        details: {
          set: input.set,
          template: input.template,
          expected: input.answer,
          parsed: parsed ?? null,
          ...(parsed === undefined ? { unparsable: true, reply: reply.slice(-300) } : {}),
        },
      };
    },
    summarise(samples) {
      const summary = summariseDejaq(samples);
      const who = summary.reference ? " (sum-of-numbers baseline)" : "";
      const figures: TaskFigure[] = EVAL_SETS.flatMap((set) => {
        const i = summary.sets[set];
        if (!i) return [];
        return [
          {
            label: `${SET_LABELS[set]}${who}`,
            value: i.value,
            unit: `accuracy ${intervalText(i)}`,
            extra: { low: i.low, high: i.high, n: i.n },
            ...(set === "seed" ? { headline: true } : {}),
          },
        ];
      });
      figures.push({
        label: `CVaR 10% over templates${who}`,
        value: summary.cvar10.value,
        unit: `mean accuracy of the worst tenth of templates ${intervalText(summary.cvar10)}`,
        extra: { low: summary.cvar10.low, high: summary.cvar10.high, templates: summary.cvar10.n },
      });
      if (summary.unparsable > 0) {
        figures.push({
          label: "unparsable answers",
          value: summary.unparsable,
          unit: "replies without a number (scored 0)",
        });
      }
      return { figures, details: JSON.parse(JSON.stringify(summary)) as { [key: string]: JsonValue } };
    },
  };
}
