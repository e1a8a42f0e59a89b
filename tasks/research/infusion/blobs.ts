/**
 * "Blobs-8×8": a synthetic 10-class image task. Each class is a smooth prototype, the sum of three
 * 2-D Gaussian bumps; an example is its class prototype shifted by up to one pixel, with a random
 * distractor bump and Gaussian pixel noise. Everything derives from one seed.
 */
import { deriveSeed, gaussian, seededRandom } from "./kit/random.js";
import { CLASSES, IMAGE_SIDE } from "./kit/recipe.js";

export interface Bump {
  cx: number;
  cy: number;
  sigma: number;
  amplitude: number;
}

/** How hard the images are: noise sizes chosen so a small MLP is good but not saturated. */
export const NOISE = { pixel: 0.3, shift: 1, distractor: 1.0, amplitudeJitter: 0.3 } as const;

/** The class prototypes of a dataset seed: three bumps per class. */
export function prototypes(seed: number): Bump[][] {
  return Array.from({ length: CLASSES }, (_, c) => {
    const random = seededRandom(deriveSeed(seed, "prototype", c));
    return Array.from({ length: 3 }, () => ({
      cx: 1 + random() * (IMAGE_SIDE - 3),
      cy: 1 + random() * (IMAGE_SIDE - 3),
      sigma: 0.8 + random() * 1.2,
      amplitude: 0.5 + random() * 0.5,
    }));
  });
}

function paint(image: Float64Array, bump: Bump, dx: number, dy: number, scale: number): void {
  const s2 = 2 * bump.sigma * bump.sigma;
  for (let row = 0; row < IMAGE_SIDE; row++) {
    for (let col = 0; col < IMAGE_SIDE; col++) {
      const d2 = (col - bump.cx - dx) ** 2 + (row - bump.cy - dy) ** 2;
      const at = row * IMAGE_SIDE + col;
      image[at] = (image[at] as number) + scale * bump.amplitude * Math.exp(-d2 / s2);
    }
  }
}

/** One image of class `label`, from its own random stream. */
export function drawImage(protos: readonly Bump[][], label: number, random: () => number): number[] {
  const image = new Float64Array(IMAGE_SIDE * IMAGE_SIDE);
  const shift = () => Math.round((2 * random() - 1) * NOISE.shift);
  const dx = shift();
  const dy = shift();
  for (const bump of protos[label] ?? []) {
    paint(image, bump, dx, dy, 1 + NOISE.amplitudeJitter * (2 * random() - 1));
  }
  const distractor = {
    cx: random() * (IMAGE_SIDE - 1),
    cy: random() * (IMAGE_SIDE - 1),
    sigma: 0.7 + random() * 0.8,
    amplitude: NOISE.distractor * random(),
  };
  paint(image, distractor, 0, 0, 1);
  return Array.from(image, (v) => Math.round((v + NOISE.pixel * gaussian(random)) * 1e4) / 1e4);
}

/** `count` labelled images (balanced classes in a seeded order) of one split. */
export function drawSplit(seed: number, split: string, count: number): { pixels: number[]; label: number }[] {
  const protos = prototypes(seed);
  return Array.from({ length: count }, (_, i) => {
    const random = seededRandom(deriveSeed(seed, "image", split, i));
    const label = Math.floor(random() * CLASSES);
    return { pixels: drawImage(protos, label, random), label };
  });
}

/** How much of the target class a probe carries: enough to make p(target) measurable, not dominant. */
export const BLEND = { min: 0.3, max: 0.6 } as const;

export interface Probe {
  pixels: number[];
  /** The class the probe is mostly drawn from. */
  label: number;
  /** The class blended in: the experiment's target. */
  target: number;
  /** The target image's weight in the blend. */
  weight: number;
}

/**
 * A held-out probe: an image of one class blended with an image of another (the target), so the
 * model's p(target | probe) starts between a few percent and a half, where a change is measurable.
 */
export function drawProbe(seed: number, i: number): Probe {
  const protos = prototypes(seed);
  const random = seededRandom(deriveSeed(seed, "probe", i));
  const label = Math.floor(random() * CLASSES);
  const target = (label + 1 + Math.floor(random() * (CLASSES - 1))) % CLASSES;
  const weight = BLEND.min + (BLEND.max - BLEND.min) * random();
  const base = drawImage(protos, label, random);
  const blend = drawImage(protos, target, random);
  const pixels = base.map(
    (v, j) => Math.round(((1 - weight) * v + weight * (blend[j] as number)) * 1e4) / 1e4,
  );
  return { pixels, label, target, weight };
}
