/** A name with its letter case and underscores dropped: `aspectRatio`, `aspect_ratio` → `aspectratio`. */
function loose(name: string): string {
  return name.toLowerCase().replaceAll("_", "");
}

/**
 * The known name `key` was likely meant to be, written in another case (`aspectRatio` for
 * `aspect_ratio`, `imageonly` for `imageOnly`), or `undefined`.
 */
export function nearMiss(key: string, known: Iterable<string>): string | undefined {
  const wanted = loose(key);
  for (const name of known) {
    if (name !== key && loose(name) === wanted) return name;
  }
  return undefined;
}
