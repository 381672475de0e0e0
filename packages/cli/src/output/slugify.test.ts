import { describe, expect, it } from "vitest";
import { slugify } from "./slugify";

describe("slugify", () => {
  it.each([
    ["café crème", "cafe-creme"],
    ["Crème brûlée on a plate", "creme-brulee-on-a-plate"],
    ["Ein Bär im Schnee", "ein-bar-im-schnee"],
    ["Señor Núñez", "senor-nunez"],
  ])("%s → %s: an accent drops, it does not split the word", (prompt, slug) => {
    expect(slugify(prompt)).toBe(slug);
  });

  it.each([
    ["日本の猫が帽子をかぶっている", "日本の猫が帽子をかぶっている"],
    ["Кот в шляпе, зимой", "кот-в-шляпе-зимой"],
    ["Йожик в тумане", "йожик-в-тумане"],
    ["قطة ترتدي قبعة", "قطة-ترتدي-قبعة"],
    ["हिन्दी बिल्ली", "हिन्दी-बिल्ली"],
    ["고양이 모자", "고양이-모자"],
    ["🐱 in a 🎩!", "🐱-in-a-🎩"],
    ["👩‍🎨 painting", "👩‍🎨-painting"],
    ["🏳️‍🌈 flag", "🏳️‍🌈-flag"],
    ["👩🏽‍💻 coder", "👩🏽‍💻-coder"],
    ["1️⃣ first", "1️⃣-first"],
  ])("%s → %s: the prompt's own script names the file", (prompt, slug) => {
    expect(slugify(prompt)).toBe(slug);
  });

  // Written with escapes: the joiners are invisible, and what they join reads differently without them.
  it.each([
    ["a Devanagari half form (क्‍ष)", "क्\u200dष", "क्\u200dष"],
    ["a Sinhala conjunct (ශ්‍රී ලංකා)", "ශ්\u200dරී ලංකා", "ශ්\u200dරී-ලංකා"],
    ["a Malayalam chillu that ends a word", "ന്\u200d മലയാളം", "ന്\u200d-മലയാളം"],
    ["a Bengali ya-phala after ra", "র\u200d্যাব", "র\u200d্যাব"],
    ["a Bengali non-joiner after a virama", "ক্\u200cষ", "ক্\u200cষ"],
    [
      "a Persian non-joiner inside a word (می‌خواهم)",
      "می\u200cخواهم بخوابم",
      "می\u200cخواهم-بخوابم",
    ],
  ])("keeps the joiner of %s, which shapes the word", (_what, prompt, slug) => {
    expect(slugify(prompt)).toBe(slug);
  });

  it("writes full-width letters and circled digits as plain ones", () => {
    expect(slugify("ＡＢＣ ①")).toBe("abc-1");
  });

  it.each([
    ["path separators", "../../etc/passwd", "etc-passwd"],
    ["a drive and backslashes", "C:\\Windows\\a cat", "c-windows-a-cat"],
    ["characters Windows refuses, and a trailing dot", 'a <b>:"c"|d?*e.', "a-b-c-d-e"],
    ["control characters", "a\u0000b\u001bc\u007fd", "a-b-c-d"],
    // A right-to-left override would make "cat\u202Egnp.exe" display as "catexe.png".
    ["a right-to-left override", "cat\u202egnp.exe", "cat-gnp-exe"],
    ["only dots", "...", "image"],
    ["only a joiner", "\u200d", "image"],
    ["only a non-joiner", "\u200c", "image"],
    // "#" goes, and with it the variation selector and keycap mark that sat on it.
    ["a keycap whose base goes, at the start", "#️⃣ keycap", "keycap"],
    ["a keycap whose base goes, inside", "a *️⃣ b", "a-b"],
    ["a mark without a base", "\u0301\ufe0fcat", "cat"],
    ["a joiner between letters", "a\u200db c", "ab-c"],
    ["a non-joiner between Latin letters, which it does not split", "a\u200cb c", "ab-c"],
    ["a non-joiner between Han letters", "日\u200c本", "日本"],
    ["a joiner from a Devanagari letter to a Latin one", "क\u200da", "कa"],
    ["a joiner from a Latin letter to a Devanagari one", "a\u200dक", "aक"],
    ["a joiner between an emoji and a letter", "🐱\u200dcat", "🐱cat"],
  ])("leaves none of %s in the name", (_what, prompt, slug) => {
    expect(slugify(prompt)).toBe(slug);
  });

  it("keeps ASCII prompts to 48 characters, ending on a whole word part", () => {
    const slug = slugify("a very long prompt about a lighthouse on a cliff at dusk in winter");
    expect(slug).toBe("a-very-long-prompt-about-a-lighthouse-on-a-cliff");
    expect(slug.length).toBeLessThanOrEqual(48);
  });

  it.each([
    ["猫".repeat(40), "猫".repeat(16)],
    ["Ж".repeat(40), "ж".repeat(24)],
    ["👩‍🎨".repeat(10), "👩‍🎨".repeat(4)],
    ["が".repeat(30), "が".repeat(16)],
  ])("bounds %s to 48 UTF-8 bytes without cutting a character apart", (prompt, slug) => {
    const result = slugify(prompt);
    expect(result).toBe(slug);
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(48);
  });
});
