/**
 * The problem templates: a narrative setting (who, what, in which containers) plus one story
 * shape. A template draws its numbers so that every intermediate and final value is a
 * non-negative integer (divisions are exact), and says which equation answers it.
 */

export interface Setting {
  items: string;
  container: string;
  containers: string;
  gain: readonly string[];
  loss: readonly string[];
}

export interface Cast {
  a: string;
  b: string;
  c: string;
  /** a's pronoun, capitalised. */
  pronoun: string;
  setting: Setting;
  /** Another setting's items: a distractor quantity. */
  others: string;
}

export interface Problem {
  body: string;
  question: string;
  equation: string;
}

export type Template = (cast: Cast, int: (lo: number, hi: number) => number) => Problem;

export const SETTINGS: readonly Setting[] = [
  {
    items: "apples",
    container: "basket",
    containers: "baskets",
    gain: ["picked", "bought"],
    loss: ["ate", "gave away"],
  },
  {
    items: "marbles",
    container: "jar",
    containers: "jars",
    gain: ["won", "found"],
    loss: ["lost", "traded away"],
  },
  {
    items: "stickers",
    container: "album",
    containers: "albums",
    gain: ["got", "bought"],
    loss: ["used", "gave away"],
  },
  {
    items: "books",
    container: "shelf",
    containers: "shelves",
    gain: ["bought", "borrowed"],
    loss: ["donated", "lent out"],
  },
  {
    items: "cookies",
    container: "box",
    containers: "boxes",
    gain: ["baked", "bought"],
    loss: ["ate", "gave away"],
  },
  {
    items: "pencils",
    container: "pack",
    containers: "packs",
    gain: ["bought", "found"],
    loss: ["lost", "gave away"],
  },
  {
    items: "seashells",
    container: "bucket",
    containers: "buckets",
    gain: ["collected", "found"],
    loss: ["lost", "gave away"],
  },
  {
    items: "cupcakes",
    container: "tray",
    containers: "trays",
    gain: ["baked", "bought"],
    loss: ["ate", "sold"],
  },
  {
    items: "toy cars",
    container: "bin",
    containers: "bins",
    gain: ["got", "bought"],
    loss: ["lost", "gave away"],
  },
  {
    items: "flowers",
    container: "vase",
    containers: "vases",
    gain: ["picked", "bought"],
    loss: ["gave away", "threw away"],
  },
];

export const NAMES: readonly (readonly [string, string])[] = [
  ["Tom", "He"],
  ["Anna", "She"],
  ["Ravi", "He"],
  ["Mia", "She"],
  ["Lucas", "He"],
  ["Sofia", "She"],
  ["Omar", "He"],
  ["Chloe", "She"],
  ["Ben", "He"],
  ["Priya", "She"],
  ["Diego", "He"],
  ["Emma", "She"],
  ["Kenji", "He"],
  ["Lena", "She"],
  ["Sam", "He"],
  ["Zoe", "She"],
];

const pick = <T>(items: readonly T[], int: (lo: number, hi: number) => number): T =>
  items[int(0, items.length - 1)]!;

/** Three people with distinct counts; `question` asks for the difference between two of them. */
const compareThree: Template = (k, int) => {
  const values = [int(5, 90), int(5, 90), int(5, 90)];
  while (values[1] === values[0]) values[1] = int(5, 90);
  while (values[2] === values[0] || values[2] === values[1]) values[2] = int(5, 90);
  const names = [k.a, k.b, k.c];
  const i = int(0, 2);
  const j = (i + int(1, 2)) % 3;
  const [hi, lo] = values[i]! > values[j]! ? [i, j] : [j, i];
  return {
    body: `${k.a} has ${values[0]} ${k.setting.items}. ${k.b} has ${values[1]} ${k.setting.items}. ${k.c} has ${values[2]} ${k.setting.items}.`,
    question: `How many more ${k.setting.items} does ${names[hi]} have than ${names[lo]}?`,
    equation: `number${hi} - number${lo}`,
  };
};

/** A distractor quantity of other items, said before or after the one asked about. */
const withDistractor: Template = (k, int) => {
  const a = int(20, 90);
  const b = int(1, a - 1);
  const c = int(3, 60);
  const first = int(0, 1) === 0;
  const had = first
    ? `${a} ${k.setting.items} and ${c} ${k.others}`
    : `${c} ${k.others} and ${a} ${k.setting.items}`;
  return {
    body: `${k.a} had ${had}. ${k.pronoun} ${pick(k.setting.loss, int)} ${b} ${k.setting.items}.`,
    question: `How many ${k.setting.items} does ${k.a} have left?`,
    equation: first ? "number0 - number2" : "number1 - number2",
  };
};

export const TEMPLATES: readonly Template[] = [
  (k, int) => ({
    body: `${k.a} had ${int(2, 80)} ${k.setting.items}. ${k.pronoun} ${pick(k.setting.gain, int)} ${int(2, 80)} more ${k.setting.items}.`,
    question: `How many ${k.setting.items} does ${k.a} have now?`,
    equation: "number0 + number1",
  }),
  (k, int) => {
    const a = int(10, 99);
    return {
      body: `${k.a} had ${a} ${k.setting.items}. ${k.pronoun} ${pick(k.setting.loss, int)} ${int(1, a - 1)} of them.`,
      question: `How many ${k.setting.items} does ${k.a} have left?`,
      equation: "number0 - number1",
    };
  },
  (k, int) => {
    const a = int(10, 99);
    return {
      body: `${k.a} has ${a} ${k.setting.items}. ${k.b} has ${int(1, a - 1)} ${k.setting.items}.`,
      question: `How many more ${k.setting.items} does ${k.a} have than ${k.b}?`,
      equation: "number0 - number1",
    };
  },
  (k, int) => {
    const b = int(10, 99);
    return {
      body: `${k.a} has ${int(1, b - 1)} ${k.setting.items}. ${k.b} has ${b} ${k.setting.items}.`,
      question: `How many fewer ${k.setting.items} does ${k.a} have than ${k.b}?`,
      equation: "number1 - number0",
    };
  },
  (k, int) => ({
    body: `${k.a} has ${int(2, 80)} ${k.setting.items}. ${k.b} has ${int(2, 80)} ${k.setting.items}.`,
    question: `How many ${k.setting.items} do ${k.a} and ${k.b} have altogether?`,
    equation: "number0 + number1",
  }),
  (k, int) => ({
    body: `${k.a} has ${int(2, 15)} ${k.setting.containers}. Each ${k.setting.container} holds ${int(2, 15)} ${k.setting.items}.`,
    question: `How many ${k.setting.items} does ${k.a} have in all?`,
    equation: "number0 * number1",
  }),
  (k, int) => {
    const b = int(2, 12);
    return {
      body: `${k.a} has ${b * int(2, 12)} ${k.setting.items}. ${k.pronoun} puts them equally into ${b} ${k.setting.containers}.`,
      question: `How many ${k.setting.items} are in each ${k.setting.container}?`,
      equation: "number0 / number1",
    };
  },
  (k, int) => {
    const b = int(2, 12);
    return {
      body: `${k.a} has ${b * int(2, 12)} ${k.setting.items}. ${k.pronoun} puts ${b} ${k.setting.items} into each ${k.setting.container}.`,
      question: `How many ${k.setting.containers} does ${k.a} fill?`,
      equation: "number0 / number1",
    };
  },
  (k, int) => {
    const a = int(5, 60);
    const b = int(2, 40);
    return {
      body: `${k.a} had ${a} ${k.setting.items}. ${k.pronoun} ${pick(k.setting.gain, int)} ${b} more and then ${pick(k.setting.loss, int)} ${int(1, a + b - 1)}.`,
      question: `How many ${k.setting.items} does ${k.a} have now?`,
      equation: "number0 + number1 - number2",
    };
  },
  (k, int) => ({
    body: `${k.a} has ${int(2, 12)} ${k.setting.containers} with ${int(2, 12)} ${k.setting.items} in each. ${k.pronoun} also has ${int(1, 30)} loose ${k.setting.items}.`,
    question: `How many ${k.setting.items} does ${k.a} have in total?`,
    equation: "number0 * number1 + number2",
  }),
  (k, int) => ({
    body: `${k.a} collects ${int(2, 20)} ${k.setting.items} in the morning and ${int(2, 20)} ${k.setting.items} in the evening every day.`,
    question: `How many ${k.setting.items} does ${k.a} collect in ${int(2, 9)} days?`,
    equation: "( number0 + number1 ) * number2",
  }),
  (k, int) => {
    const c = int(2, 9);
    const total = c * int(2, 15);
    const b = int(1, total - 1);
    return {
      body: `${k.a} had ${total - b} ${k.setting.items} and ${pick(k.setting.gain, int)} ${b} more. ${k.pronoun} shared them equally among ${c} friends.`,
      question: `How many ${k.setting.items} did each friend get?`,
      equation: "( number0 + number1 ) / number2",
    };
  },
  (k, int) => {
    const a = int(10, 80);
    return {
      body: `${k.a} had ${a} ${k.setting.items}. ${k.pronoun} sold ${int(1, a - 1)} of them for ${int(2, 9)} dollars each.`,
      question: `How much money did ${k.a} make?`,
      equation: "number1 * number2",
    };
  },
  (k, int) => {
    const a = int(10, 80);
    return {
      body: `${k.a} had ${a} ${k.setting.items}. ${k.pronoun} sold ${int(1, a - 1)} of them for ${int(2, 9)} dollars each.`,
      question: `How many ${k.setting.items} does ${k.a} have left?`,
      equation: "number0 - number1",
    };
  },
  withDistractor,
  compareThree,
];
