/**
 * The part of TensorFlow.js the solution templates use, declared here because a program imports
 * only its own files. The solution gets the real library from `loadTf()`.
 */
export interface Tensor {
  shape: number[];
  matMul(b: Tensor): Tensor;
  transpose(): Tensor;
  add(b: Tensor | number): Tensor;
  sub(b: Tensor | number): Tensor;
  mul(b: Tensor | number): Tensor;
  div(b: Tensor | number): Tensor;
  square(): Tensor;
  abs(): Tensor;
  relu(): Tensor;
  sum(axis?: number): Tensor;
  mean(axis?: number): Tensor;
  dataSync(): Float32Array;
  dispose(): void;
}

export interface Tf {
  tensor2d(values: ArrayLike<number>, shape: [number, number]): Tensor;
  variable(initial: Tensor): Tensor;
  randomNormal(shape: number[], mean?: number, stdDev?: number, dtype?: "float32", seed?: number): Tensor;
  zeros(shape: number[]): Tensor;
  softmax(logits: Tensor): Tensor;
  tidy<T>(fn: () => T): T;
  losses: { softmaxCrossEntropy(labels: Tensor, logits: Tensor): Tensor };
  oneHot(indices: Tensor, depth: number): Tensor;
  tensor1d(values: ArrayLike<number>, dtype: "int32"): Tensor;
  train: { adam(learningRate: number): { minimize(loss: () => Tensor): unknown } };
}

/** What the template hands the solution from "hyperagents/solution". */
export interface SolutionApi {
  loadTf(): Promise<{ tf: Tf }>;
  readSplit(split: "train" | "validation" | "test"): Promise<Record<string, unknown>[]>;
  hasSplit(split: "train" | "validation" | "test"): boolean;
  writeSubmission(rows: Record<string, unknown>[], columns?: string[]): Promise<void>;
  runSeed(): number;
}
