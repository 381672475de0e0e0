/**
 * A name with its letter case, underscores and plural ending dropped: `aspectRatio`,
 * `aspect_ratio` → `aspectratio`; `maxRetries`, `maxRetry` → `maxretry`.
 */
function loose(name: string): string {
  return name.toLowerCase().replaceAll("_", "").replace(/ies$/, "y").replace(/s$/, "");
}

/**
 * The known name `key` was likely meant to be, written in another case (`aspectRatio` for
 * `aspect_ratio`, `imageonly` for `imageOnly`) or number (`image` for `images`, `maxRetry`
 * for `maxRetries`), or `undefined`.
 */
export function nearMiss(key: string, known: Iterable<string>): string | undefined {
  const wanted = loose(key);
  for (const name of known) {
    if (name !== key && loose(name) === wanted) return name;
  }
  return undefined;
}

/**
 * The first key of `value` that `keys` does not have (a key set to `undefined` says nothing),
 * with the known one it was likely meant to be; `undefined` when every key is known. Options
 * objects use it so that a typo (`baseUrl`) is refused, not ignored.
 */
export function unknownKey(
  value: object,
  keys: readonly string[],
): { key: string; near: string | undefined } | undefined {
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || keys.includes(key)) continue;
    return { key, near: nearMiss(key, keys) };
  }
  return undefined;
}
