/**
 * The vocabulary of each narrative setting. Templates are written over roles ({person},
 * {items}, {container}, ...), so the same maths renders in any setting: that is how the offline
 * setting mutator keeps the program while changing the story.
 */
import { deriveSeed, seededRandom } from "../../sdk/internal/random.js";
import type { SettingId } from "./problem.js";

export interface SettingVocabulary {
  label: string;
  people: readonly string[];
  items: readonly string[];
  things: readonly string[];
  /** [singular, plural] */
  containers: readonly (readonly [string, string])[];
  places: readonly string[];
  /** Irrelevant sentences; `{n}` and `{m}` are numbers the program never reads. */
  distractors: readonly string[];
}

const PEOPLE = ["Ana", "Ben", "Maya", "Omar", "Lena", "Raj", "Sofia", "Tom", "Aiko", "Kofi", "Nina", "Luis"];

const COMMON_DISTRACTORS = [
  "{friend} is {n} years old.",
  "The weather forecast said it would be {n} degrees that day.",
  "{friend} lives {n} minutes away by bus.",
  "{person} had been to {place} {n} times before.",
];

export const VOCABULARY: Record<SettingId, SettingVocabulary> = {
  "personal-life": {
    label: "Personal life",
    people: PEOPLE,
    items: ["stamps", "photos", "books", "plants", "candles"],
    things: ["postcards", "magnets", "pens"],
    containers: [
      ["album", "albums"],
      ["shelf", "shelves"],
      ["box", "boxes"],
    ],
    places: ["the park", "the garden", "the library"],
    distractors: ["{person}'s flat has {n} windows.", "{friend} has {n} cousins.", ...COMMON_DISTRACTORS],
  },
  events: {
    label: "Events",
    people: PEOPLE,
    items: ["tickets", "balloons", "chairs", "invitations"],
    things: ["cupcakes", "flowers", "lanterns"],
    containers: [
      ["table", "tables"],
      ["row", "rows"],
      ["bag", "bags"],
    ],
    places: ["the town hall", "the fair", "the wedding"],
    distractors: ["The band played {n} songs.", "The party started at {n} o'clock.", ...COMMON_DISTRACTORS],
  },
  school: {
    label: "School",
    people: PEOPLE,
    items: ["pencils", "notebooks", "stickers", "markers"],
    things: ["erasers", "crayons", "worksheets"],
    containers: [
      ["desk", "desks"],
      ["box", "boxes"],
      ["drawer", "drawers"],
    ],
    places: ["the school", "the library", "the classroom"],
    distractors: [
      "The school has {n} teachers.",
      "{friend} scored {n} points on a quiz.",
      ...COMMON_DISTRACTORS,
    ],
  },
  shopping: {
    label: "Shopping",
    people: PEOPLE,
    items: ["shirts", "mugs", "batteries", "apples"],
    things: ["socks", "soaps", "towels"],
    containers: [
      ["pack", "packs"],
      ["crate", "crates"],
      ["bag", "bags"],
    ],
    places: ["the market", "the store", "the mall"],
    distractors: [
      "The store has {n} checkout lanes.",
      "{friend} parked on level {n}.",
      ...COMMON_DISTRACTORS,
    ],
  },
  sports: {
    label: "Sports",
    people: PEOPLE,
    items: ["balls", "cones", "jerseys", "medals"],
    things: ["towels", "rackets", "water bottles"],
    containers: [
      ["bag", "bags"],
      ["bin", "bins"],
      ["locker", "lockers"],
    ],
    places: ["the stadium", "the gym", "the pool"],
    distractors: ["The match lasted {n} minutes.", "{friend} wears number {n}.", ...COMMON_DISTRACTORS],
  },
  farm: {
    label: "Farm",
    people: PEOPLE,
    items: ["eggs", "apples", "carrots", "potatoes"],
    things: ["pumpkins", "lemons", "melons"],
    containers: [
      ["basket", "baskets"],
      ["crate", "crates"],
      ["sack", "sacks"],
    ],
    places: ["the farm", "the barn", "the orchard"],
    distractors: ["The farm has {n} cows.", "The tractor is {n} years old.", ...COMMON_DISTRACTORS],
  },
  travel: {
    label: "Travel",
    people: PEOPLE,
    items: ["postcards", "souvenirs", "maps", "snacks"],
    things: ["keychains", "photos", "stickers"],
    containers: [
      ["suitcase", "suitcases"],
      ["bag", "bags"],
      ["box", "boxes"],
    ],
    places: ["the airport", "the hotel", "the station"],
    distractors: ["The flight was {n} minutes late.", "The hotel has {n} floors.", ...COMMON_DISTRACTORS],
  },
  cooking: {
    label: "Cooking",
    people: PEOPLE,
    items: ["cookies", "muffins", "dumplings", "tomatoes"],
    things: ["pancakes", "rolls", "lemons"],
    containers: [
      ["tray", "trays"],
      ["bowl", "bowls"],
      ["jar", "jars"],
    ],
    places: ["the kitchen", "the bakery", "the café"],
    distractors: [
      "The oven was set to {n} degrees.",
      "The recipe book has {n} pages.",
      ...COMMON_DISTRACTORS,
    ],
  },
};

/** The role fillers of one draw, e.g. { person: "Ana", items: "stamps", container: "album", ... }. */
export type Roles = Record<string, string>;

/** Draws role fillers for a setting; the same seed gives the same words. */
export function drawRoles(setting: SettingId, seed: number): Roles {
  const vocab = VOCABULARY[setting];
  const random = seededRandom(deriveSeed(seed, "roles"));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const person = pick(vocab.people);
  const others = vocab.people.filter((p) => p !== person);
  const friend = pick(others);
  const items = pick(vocab.items);
  const things = pick(vocab.things.filter((t) => t !== items));
  const [container, containers] = pick(vocab.containers);
  return { person, friend, items, things, container, containers, place: pick(vocab.places) };
}

/** Fills `{role}` and `{quantity}` slots; an unknown slot is a bug in a template. */
export function fill(pattern: string, roles: Roles, values: Record<string, number>): string {
  const text = pattern.replace(/\{(\w+)\}/g, (slot, name: string) => {
    if (name in values) return String(values[name]);
    if (name in roles) return roles[name] as string;
    return slot;
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}
