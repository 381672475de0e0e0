/**
 * Small deterministic hashing and pseudo-random numbers for the mock's generated images.
 * Not cryptographic: the only goal is that equal inputs give equal pictures everywhere
 * (Node, browsers, edge runtimes) and that different inputs give visibly different ones.
 */

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hashes a list of parts into an unsigned 32-bit seed; part boundaries and types are significant. */
export function hashSeed(...parts: (string | number | undefined)[]): number {
  let hash = FNV_OFFSET_BASIS;
  for (const part of parts) {
    // A type tag plus a length prefix keeps ("ab", "c") apart from ("a", "bc") and 1 apart from "1".
    const text =
      part === undefined
        ? "u"
        : typeof part === "number"
          ? `n${Object.is(part, -0) ? "0" : String(part)}`
          : `s${part}`;
    hash = fnv1a(hash, `${text.length}:`);
    hash = fnv1a(hash, text);
  }
  return fmix32(hash);
}

/** Returns a mulberry32 generator: uniform floats in [0, 1), fully determined by `seed`. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units, both bytes of each, so non-Latin prompts hash fully. */
function fnv1a(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h = Math.imul(h ^ (code & 0xff), FNV_PRIME);
    h = Math.imul(h ^ (code >>> 8), FNV_PRIME);
  }
  return h;
}

/** MurmurHash3's finalizer: FNV's low bits mix poorly, and seeds that differ in one bit should not look alike. */
function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
