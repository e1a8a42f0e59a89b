/**
 * A small reader for the problem's formula (names, numbers, + - * / and brackets), so the
 * agent can state the answer its new program gives: the host checks that claim exactly.
 */

type Node = { name: string } | { value: number } | { op: string; left: Node; right: Node };

export function evaluateFormula(formula: string, quantities: { [name: string]: number }): number | undefined {
  const tokens = formula.match(/[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/()]/g) ?? [];
  let at = 0;
  const primary = (): Node | undefined => {
    const token = tokens[at++];
    if (token === undefined) return undefined;
    if (token === "(") {
      const inner = sum();
      return tokens[at++] === ")" ? inner : undefined;
    }
    if (/^\d/.test(token)) return { value: Number(token) };
    if (/^[A-Za-z_]/.test(token)) return { name: token };
    return undefined;
  };
  const chain = (next: () => Node | undefined, ops: string): Node | undefined => {
    let node = next();
    while (node !== undefined && tokens[at] !== undefined && ops.includes(tokens[at]!)) {
      const op = tokens[at++]!;
      const right = next();
      if (right === undefined) return undefined;
      node = { op, left: node, right };
    }
    return node;
  };
  const product = () => chain(primary, "*/");
  const sum = (): Node | undefined => chain(product, "+-");
  const root = sum();
  if (root === undefined || at !== tokens.length) return undefined;
  const run = (node: Node): number => {
    if ("value" in node) return node.value;
    if ("name" in node) return quantities[node.name] ?? Number.NaN;
    const a = run(node.left);
    const b = run(node.right);
    return node.op === "+" ? a + b : node.op === "-" ? a - b : node.op === "*" ? a * b : a / b;
  };
  const value = run(root);
  return Number.isFinite(value) ? value : undefined;
}

/** Whole, positive and at most `max`: what the host's constraints accept. */
export function acceptable(value: number | undefined, max = 100_000): value is number {
  return value !== undefined && Number.isInteger(value) && value > 0 && value <= max;
}
