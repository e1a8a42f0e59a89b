/**
 * The equations of the math word problems: infix text over `number0`, `number1`, ... (the numbers
 * of a problem in reading order, body then question), executed exactly. The generator computes
 * every answer by running its equation, so an answer is never typed by hand.
 */

/** Evaluates an equation such as "( number0 + number1 ) / number2" on the problem's numbers. */
export function executeEquation(equation: string, numbers: readonly number[]): number {
  const tokens = equation.split(" ").filter((token) => token !== "");
  let at = 0;
  const operand = (): number => {
    const token = tokens[at++];
    if (token === "(") {
      const value = sum();
      at++; // ")"
      return value;
    }
    const match = /^number(\d+)$/.exec(token ?? "");
    const value = match ? numbers[Number(match[1])] : undefined;
    if (value === undefined) throw new Error(`equation ${equation}: no value for ${token}`);
    return value;
  };
  const product = (): number => {
    let value = operand();
    while (tokens[at] === "*" || tokens[at] === "/") {
      const op = tokens[at++];
      const right = operand();
      value = op === "*" ? value * right : value / right;
    }
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (tokens[at] === "+" || tokens[at] === "-") {
      const op = tokens[at++];
      const right = product();
      value = op === "+" ? value + right : value - right;
    }
    return value;
  };
  return sum();
}

/** The numbers of a problem's text in reading order. */
export function numbersIn(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map(Number);
}
