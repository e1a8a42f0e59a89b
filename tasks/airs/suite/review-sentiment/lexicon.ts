/**
 * The words of the generated restaurant reviews: what a clause is about, and adjectives by
 * polarity (-2 very negative .. +2 very positive), plus sentences that carry no opinion.
 */

export const ASPECTS: readonly string[] = [
  "food",
  "pasta",
  "burger",
  "pizza",
  "soup",
  "dessert",
  "service",
  "staff",
  "waiter",
  "prices",
  "atmosphere",
  "music",
  "decor",
  "wine list",
  "portions",
  "coffee",
];

/** Adjectives by polarity: index 0 is -2, index 4 is +2. */
export const ADJECTIVES: readonly (readonly string[])[] = [
  ["terrible", "awful", "horrible", "dreadful", "disgusting"],
  ["mediocre", "disappointing", "bland", "poor", "underwhelming"],
  ["okay", "average", "ordinary", "so-so", "passable"],
  ["good", "nice", "pleasant", "decent", "solid"],
  ["amazing", "fantastic", "outstanding", "excellent", "superb"],
];

export const INTENSIFIERS: readonly string[] = ["really", "very", "truly", "extremely"];

export const FILLERS: readonly string[] = [
  "We came here on a Friday night.",
  "I ordered the special of the day.",
  "Parking was on the street.",
  "My friend had been here before.",
  "We sat near the window.",
  "It was my first visit.",
  "The place is close to the station.",
  "We went for a late lunch.",
];
