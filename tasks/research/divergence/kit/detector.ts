/**
 * The divergence detector (fact sheet §5.3, made exact). Over the training losses ℓ_1..ℓ_n:
 * - a non-finite loss is a divergence at that step;
 * - e_t = EMA of the loss (e_1 = ℓ_1, e_t = β e_{t−1} + (1 − β) ℓ_t), m_t = min_{s ≤ t} e_s;
 *   step t is an exceedance when e_t > m_t + δ;
 * - a divergence is `window` consecutive exceedances (a sustained rise, declared at the last of
 *   them); a run of exceedances that ends sooner has recovered and is a spike.
 * The defaults (β 0.9, δ 1 nat) are the fact sheet's; the window scales with the run length.
 */

export interface DetectorOptions {
  ema: number;
  /** Rise above the running minimum, in nats. */
  delta: number;
  /** Consecutive exceedance steps that make a divergence. */
  window: number;
}

export const DEFAULT_DETECTOR: DetectorOptions = { ema: 0.9, delta: 1, window: 40 };

export interface Verdict {
  diverged: boolean;
  /** 0-based step at which the divergence was declared; -1 when none. */
  at: number;
  reason: "non-finite loss" | "sustained rise" | "none";
  /** Exceedance runs that recovered (or were still short at the end). */
  spikes: number;
}

/** An incremental detector: feed losses one at a time; it stops changing once it has diverged. */
export class DivergenceDetector {
  private ema = Number.NaN;
  private min = Number.POSITIVE_INFINITY;
  private run = 0;
  private step = -1;
  private verdict: Verdict = { diverged: false, at: -1, reason: "none", spikes: 0 };

  constructor(private readonly options: DetectorOptions = DEFAULT_DETECTOR) {}

  /** Adds the loss of the next step; returns whether the run has diverged (now or before). */
  push(loss: number): boolean {
    if (this.verdict.diverged) return true;
    this.step++;
    if (!Number.isFinite(loss)) {
      this.verdict = { ...this.verdict, diverged: true, at: this.step, reason: "non-finite loss" };
      return true;
    }
    const { ema, delta, window } = this.options;
    this.ema = this.step === 0 ? loss : ema * this.ema + (1 - ema) * loss;
    this.min = Math.min(this.min, this.ema);
    if (this.ema > this.min + delta) {
      this.run++;
      if (this.run >= window) {
        this.verdict = { ...this.verdict, diverged: true, at: this.step, reason: "sustained rise" };
        return true;
      }
    } else {
      if (this.run > 0) this.verdict.spikes++;
      this.run = 0;
    }
    return false;
  }

  /** The verdict so far; an exceedance still running at the end counts as a spike. */
  result(): Verdict {
    if (this.verdict.diverged || this.run === 0) return { ...this.verdict };
    return { ...this.verdict, spikes: this.verdict.spikes + 1 };
  }
}

/** The verdict over a whole loss curve. */
export function detectDivergence(
  losses: readonly number[],
  options: DetectorOptions = DEFAULT_DETECTOR,
): Verdict {
  const detector = new DivergenceDetector(options);
  for (const loss of losses) if (detector.push(loss)) break;
  return detector.result();
}
