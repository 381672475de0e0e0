/** The longest slug, in UTF-8 bytes: file systems count bytes (255 a name on most), not characters. */
const maxSlugBytes = 48;

/** What a slug keeps: letters and digits of any script with their marks, emoji, and joiners (ZWJ, ZWNJ). */
const unwanted =
  /[^\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200c\u200d]+/gu;

/**
 * Scripts whose letters a joiner shapes: Indic conjuncts, half forms and chillus (क्‍ष, ශ්‍රී,
 * ന്‍) and the cursive joins of Arabic-script words (Persian می‌خواهم). There a joiner changes
 * what is read; between Latin, Cyrillic or Han letters it is only an invisible character.
 */
const shaped =
  "\\p{scx=Arab}\\p{scx=Syrc}\\p{scx=Nkoo}\\p{scx=Mong}\\p{scx=Deva}\\p{scx=Beng}\\p{scx=Guru}\\p{scx=Gujr}\\p{scx=Orya}\\p{scx=Taml}\\p{scx=Telu}\\p{scx=Knda}\\p{scx=Mlym}\\p{scx=Sinh}\\p{scx=Mymr}\\p{scx=Khmr}";

/**
 * A ZWJ inside an emoji sequence (group 1), or a joiner inside a word of a shaped script (group
 * 2: a ZWJ may also end the word, as a chillu's does), both kept; else a joiner alone (dropped).
 */
const keptJoinerOrNot = new RegExp(
  `(?<=\\p{Extended_Pictographic}|\\p{Emoji_Modifier}|\\ufe0f)(\\u200d)(?=\\p{Extended_Pictographic})|(?<=[${shaped}])(\\u200c(?=[${shaped}])|\\u200d(?=[${shaped}]|-|$))|[\\u200c\\u200d]`,
  "gu",
);

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The file name stem for a prompt, in the prompt's own script: "A cute cat wearing a tiny top
 * hat" → "a-cute-cat-wearing-a-tiny-top-hat", "Crème brûlée" → "creme-brulee", "日本の猫" →
 * "日本の猫", "Кот в шляпе" → "кот-в-шляпе"; "image" when nothing is left. At most 48 bytes,
 * cut between characters as the user sees them. Separators, dots, control and bidi characters go,
 * so the stem is a plain name on every file system; it is always saved with a "-<n>" after it,
 * so it never forms a Windows device name (CON, NUL, COM1).
 */
export function slugify(text: string): string {
  const words = text
    // NFKD: full-width "ＡＢＣ" and "①" become "ABC" and "1", "è" an "e" and its accent.
    .normalize("NFKD")
    .toLowerCase()
    // A Latin accent drops, not turned into a "-" ("crème" → "creme"); the marks of other
    // scripts are part of their letters (が, й, हि) and are composed back.
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
    .normalize("NFC")
    .replace(unwanted, "-")
    // A joiner is kept only inside an emoji sequence (👩‍🎨, 🏳️‍🌈) or a word it shapes (क्‍ष):
    // anywhere else it is an invisible character in the name ("a\u200db" looks like "ab").
    .replace(
      keptJoinerOrNot,
      (_joiner, emoji: string | undefined, shaping: string | undefined) => emoji ?? shaping ?? "",
    )
    // Marks, variation selectors and joiners whose base went ("#️⃣" → "-" and the keycap's
    // U+FE0F U+20E3) would start a name or a word with invisible characters: they go too.
    .replace(/(?<=-|^)[\p{M}\u200c\u200d]+/gu, "")
    .replace(/-{2,}/g, "-")
    .replace(/^-+/, "");
  let slug = "";
  let bytes = 0;
  for (const { segment } of graphemes.segment(words)) {
    bytes += Buffer.byteLength(segment);
    if (bytes > maxSlugBytes) break;
    slug += segment;
  }
  return slug.replace(/-+$/, "") || "image";
}
