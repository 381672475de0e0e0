/** Seeds up to this (2³¹ − 1, a signed 32-bit integer) are what every provider takes. */
const MAX_INT32_SEED = 2 ** 31 - 1;

/**
 * The seed of one call of a fan-out that splits `n` over several calls: `seed + offset` (the
 * images made before it), so each call makes different images and the same seed the same ones.
 * Past 2³¹ − 1 it wraps to 0 when `seed` was in that range, so a seed near the top stays one the
 * provider takes (DashScope and Gemini refuse more); a larger seed was the caller's choice.
 */
export function fanOutSeed(seed: number, offset: number): number {
  const sum = seed + offset;
  return seed <= MAX_INT32_SEED && sum > MAX_INT32_SEED ? sum - MAX_INT32_SEED - 1 : sum;
}
