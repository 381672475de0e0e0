import { imageModelAliases, imageModelRules } from "./generated/models";

/** Longer input is no typo of a catalog id (none is near this long): not worth comparing. */
const longestTypo = 100;

/** Insertions, deletions and substitutions that turn `a` into `b` (Levenshtein). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The catalog id (bare, provider-pinned or alias) that `id` is a typo of, at most two edits
 * away ignoring case and with the same version digits (a `.0` aside), or `undefined`: for a "did you mean" when the gateway does not know `id`.
 * A provider prefix the gateway does not take (`google/…`, as OpenRouter writes ids) is looked
 * past: the id after it, or its nearest.
 * @example nearestImageModelId("gemini-3-pro-image-previw") // "gemini-3-pro-image-preview"
 */
export function nearestImageModelId(id: string): string | undefined {
  if (id.length > longestTypo) return undefined;
  const known = [
    ...Object.values(imageModelRules).flatMap((model) => [model.id, ...model.pinned_ids]),
    ...Object.keys(imageModelAliases),
  ];
  // A known id the gateway refused (deactivated, say) is no typo of a neighbour.
  if (known.includes(id)) return undefined;
  const bare = id.slice(id.indexOf("/") + 1);
  return nearestOf(id, known) ?? (bare === id ? undefined : nearestOf(bare, known));
}

/**
 * The id of `known` nearest `id`: two edits at most, ignoring case, with the same digits (a
 * ".0" aside). Digits name versions: gpt-image-1 is another model than gpt-image-2, not a slip
 * of it, so an id is only "meant" when the edits are in its letters, separators or a ".0".
 */
function nearestOf(id: string, known: readonly string[]): string | undefined {
  const wanted = id.toLowerCase();
  // Its version numbers, whatever separates them, less the zeros that are a number of their own
  // (`seedream-4` is `seedream-4-0` written short; the 0s of "30" or "001" stay).
  const digits = id.replace(/\D|\b0+\b/g, "");
  let nearest: string | undefined;
  let fewest = 3;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < fewest && candidate.replace(/\D|\b0+\b/g, "") === digits) {
      nearest = candidate;
      fewest = distance;
    }
  }
  return nearest;
}
