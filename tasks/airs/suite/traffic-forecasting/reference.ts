/**
 * Reference solution: one global linear model for all series, fitted with TensorFlow.js. Each
 * window of LAGS days is centred on its last week's mean and scaled by its mean absolute daily
 * change (MASE's own denominator), and the model maps it straight to all HORIZON future days
 * (direct multi-step), trained with an L1 loss, which matches MASE. Windows come from every
 * series' history: the test histories contain the train rows' whole label_target.
 * The weights start at zero and the training is full-batch Adam, so a run is deterministic.
 */
import { loadTf, readSplit, writeSubmission } from "hyperagents/solution";

const LAGS = 42;
const EPOCHS = 100;

const { tf } = await loadTf();
const train = await readSplit("train");
const test = await readSplit("test");
const first = train[0] as { target: number[]; label_target: number[] };
const horizon = first.label_target.length - first.target.length;
const histories = test.map((row) => row.target as number[]);

/** Centre (mean of the last 7 days) and scale (mean |daily change|) of a window. */
function normaliser(window: readonly number[]): { centre: number; scale: number } {
  const week = window.slice(-7);
  const centre = week.reduce((a, b) => a + b, 0) / week.length;
  let change = 0;
  for (let t = 1; t < window.length; t++) change += Math.abs(window[t]! - window[t - 1]!);
  return { centre, scale: change / (window.length - 1) };
}

// Every (LAGS days -> next `horizon` days) window of every non-constant history.
const inputs: number[][] = [];
const outputs: number[][] = [];
for (const history of histories) {
  for (let end = LAGS; end + horizon <= history.length; end++) {
    const window = history.slice(end - LAGS, end);
    const { centre, scale } = normaliser(window);
    if (scale === 0) continue;
    inputs.push(window.map((v) => (v - centre) / scale));
    // Clipped so that a rare level shift does not dominate the fit.
    outputs.push(
      history.slice(end, end + horizon).map((v) => Math.max(-50, Math.min(50, (v - centre) / scale))),
    );
  }
}

const x = tf.tensor2d(inputs);
const y = tf.tensor2d(outputs);
const weights = tf.variable(tf.zeros([LAGS, horizon]));
const bias = tf.variable(tf.zeros([horizon]));
const optimizer = tf.train.adam(0.02);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const loss = optimizer.minimize(() => tf.mean(tf.abs(x.matMul(weights).add(bias).sub(y))).asScalar(), true);
  if (epoch % 50 === 0) console.log(`epoch ${epoch}: L1 ${loss?.dataSync()[0]?.toFixed(4)}`);
  loss?.dispose();
}

const windows = histories.map((history) => history.slice(-LAGS));
const scaled = tf.tidy(() => {
  const rows = windows.map((window) => {
    const { centre, scale } = normaliser(window);
    return window.map((v) => (scale === 0 ? 0 : (v - centre) / scale));
  });
  return tf.tensor2d(rows).matMul(weights).add(bias).arraySync() as number[][];
});

const rows = histories.map((history, i) => {
  const { centre, scale } = normaliser(windows[i]!);
  const forecast = scaled[i]!.map((v) => Math.max(0, centre + scale * v));
  return { label_target: [...history, ...forecast.map((v) => Math.round(v * 1000) / 1000)] };
});
await writeSubmission(rows, ["label_target"]);
