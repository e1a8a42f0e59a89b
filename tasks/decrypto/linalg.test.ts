import { describe, expect, it } from "vitest";
import { cholesky, invertTransposedLower, symmetricEigen } from "./linalg.js";
import { createRng } from "./rng.js";

function randomSpd(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const b = Array.from({ length: n * n }, () => rng() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) s += (b[i * n + k] ?? 0) * (b[j * n + k] ?? 0);
      a[i * n + j] = s;
    }
  return a;
}

describe("linalg", () => {
  it("symmetricEigen reconstructs A = V diag(λ) Vᵀ with descending λ", () => {
    const n = 12;
    const a = randomSpd(n, 1);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 1; i < n; i++) expect(values[i - 1]).toBeGreaterThanOrEqual(values[i] ?? 0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++)
          s += (vectors[i * n + k] ?? 0) * (values[k] ?? 0) * (vectors[j * n + k] ?? 0);
        expect(s).toBeCloseTo(a[i * n + j] ?? 0, 8);
      }
  });

  it("cholesky and the transposed inverse give L Lᵀ = A and Lᵀ (Lᵀ)⁻¹ = I", () => {
    const n = 8;
    const a = randomSpd(n, 2);
    const l = cholesky(a, n);
    const inv = invertTransposedLower(l, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let llt = 0;
        let id = 0;
        for (let k = 0; k < n; k++) {
          llt += (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
          id += (l[k * n + i] ?? 0) * (inv[k * n + j] ?? 0);
        }
        expect(llt).toBeCloseTo(a[i * n + j] ?? 0, 9);
        expect(id).toBeCloseTo(i === j ? 1 : 0, 9);
      }
  });
});
