import { describe, expect, it } from "vitest";
import { hashSeed, mulberry32 } from "./hash-seed";

describe("hashSeed", () => {
  it("is deterministic and returns an unsigned 32-bit integer", () => {
    const a = hashSeed("a red fox", "gpt-image-1", 42, 0);
    expect(hashSeed("a red fox", "gpt-image-1", 42, 0)).toBe(a);
    expect(Number.isInteger(a)).toBe(true);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(2 ** 32);
  });

  it("keeps part boundaries and types apart", () => {
    const seeds = [
      hashSeed("ab", "c"),
      hashSeed("a", "bc"),
      hashSeed("abc"),
      hashSeed(1),
      hashSeed("1"),
      hashSeed(undefined),
      hashSeed("undefined"),
      hashSeed(0),
      hashSeed(),
      hashSeed("", ""),
      hashSeed(""),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(hashSeed(-0)).toBe(hashSeed(0));
  });

  it("hashes every UTF-16 code unit, not only the low byte", () => {
    // U+0141 and U+0041 share their low byte.
    expect(hashSeed("\u0141")).not.toBe(hashSeed("A"));
    expect(hashSeed("猫")).not.toBe(hashSeed("犬"));
  });

  it("spreads nearby inputs over the whole range", () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => hashSeed("prompt", i));
    expect(new Set(seeds).size).toBe(1000);
    const highBitSet = seeds.filter((s) => s >= 2 ** 31).length;
    expect(highBitSet).toBeGreaterThan(400);
    expect(highBitSet).toBeLessThan(600);
  });
});

describe("mulberry32", () => {
  it("matches the reference sequence", () => {
    // Values of the published mulberry32 (Tommy Ettinger / bryc) for these seeds.
    const next = mulberry32(1);
    expect([next(), next(), next()].map((v) => v * 2 ** 32)).toEqual([
      2693262067, 11749833, 2265367787,
    ]);
    const other = mulberry32(0xdeadbeef);
    expect([other(), other(), other()].map((v) => v * 2 ** 32)).toEqual([
      4043151706, 1147597007, 3315858022,
    ]);
  });

  it("yields floats in [0, 1) that depend on the seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    let sum = 0;
    let differs = false;
    for (let i = 0; i < 10000; i++) {
      const v = a();
      expect(v).toBe(b());
      expect(v >= 0 && v < 1).toBe(true);
      if (c() !== v) differs = true;
      sum += v;
    }
    expect(differs).toBe(true);
    expect(sum / 10000).toBeCloseTo(0.5, 1);
  });
});
