import { describe, expect, it } from "vitest";
import { slugify } from "./save-images";

describe("slugify", () => {
  it.each([
    ["café crème", "cafe-creme"],
    ["Crème brûlée on a plate", "creme-brulee-on-a-plate"],
    ["Ein Bär im Schnee", "ein-bar-im-schnee"],
    ["Señor Núñez", "senor-nunez"],
  ])("%s → %s: an accent drops, it does not split the word", (prompt, slug) => {
    expect(slugify(prompt)).toBe(slug);
  });
});
