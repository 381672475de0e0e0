/**
 * `quality` as the gateway reads it: OpenAI's legacy names "standard" and "hd" are "medium" and
 * "high" (`/images/generations` renames them before it prices or sends them; `/images/edits`
 * and chat's `image_config` have no such values); any other value as it is.
 * @example gatewayQuality("hd") // "high"
 */
export function gatewayQuality(quality: string): string {
  return quality === "hd" ? "high" : quality === "standard" ? "medium" : quality;
}
