/**
 * The sentence grammar's words: each concept has one to three surface forms (synonyms). A
 * sentence is "<det> [adj] <agent> is [not] <verb> <det> [adj] <thing> [place]".
 */

export type Concept = readonly string[];

export const AGENTS: readonly Concept[] = [
  ["man", "guy"],
  ["woman", "lady"],
  ["boy", "lad"],
  ["girl"],
  ["child", "kid"],
  ["dog", "hound"],
  ["cat", "kitten"],
  ["chef", "cook"],
  ["player", "athlete"],
  ["teacher", "instructor"],
];

export const VERBS: readonly Concept[] = [
  ["riding"],
  ["playing with"],
  ["cutting", "slicing"],
  ["throwing", "tossing"],
  ["kicking"],
  ["holding", "carrying"],
  ["chasing", "pursuing"],
  ["washing", "cleaning"],
  ["watching", "observing"],
  ["drawing", "sketching"],
  ["pushing", "shoving"],
  ["eating", "devouring"],
];

export const THINGS: readonly Concept[] = [
  ["ball"],
  ["horse", "pony"],
  ["bicycle", "bike"],
  ["car", "automobile"],
  ["onion"],
  ["guitar"],
  ["book", "novel"],
  ["fish"],
  ["box", "crate"],
  ["bottle", "flask"],
  ["door"],
  ["picture", "photo"],
];

export const ADJECTIVES: readonly Concept[] = [
  ["young"],
  ["old", "elderly"],
  ["tall"],
  ["small", "tiny"],
  ["big", "large"],
  ["happy", "cheerful"],
  ["red"],
  ["black"],
];

export const PLACES: readonly Concept[] = [
  ["in the park"],
  ["on the beach", "on the shore"],
  ["in the kitchen"],
  ["on the street", "on the road"],
  ["in the water"],
  ["at home", "in the house"],
];
