import { decode } from "fast-png";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "./hash-seed";
import { paintPromptImage, renderPromptImage } from "./prompt-image";
import {
  gradientColor,
  gradientIndex,
  type PromptImageInput,
  type PromptImagePlan,
  planPromptImage,
  type Rgb,
  samplePromptPixel,
  shapeCovers,
} from "./prompt-image-plan";

const base: PromptImageInput = {
  prompt: "a lighthouse on a cliff at dusk, oil painting",
  model: "openai/gpt-image-1",
  seed: 7,
  index: 0,
  width: 256,
  height: 256,
};

interface Decoded {
  width: number;
  height: number;
  channels: number;
  pixel(x: number, y: number): Rgb;
  data: ArrayLike<number>;
}

async function render(
  input: PromptImageInput,
): Promise<{ png: Uint8Array; image: Decoded; plan: PromptImagePlan }> {
  const png = await renderPromptImage(input);
  const d = decode(png, { checkCrc: true });
  expect(d.depth).toBe(8);
  const image: Decoded = {
    width: d.width,
    height: d.height,
    channels: d.channels,
    data: d.data,
    pixel: (x, y) => {
      const o = (y * d.width + x) * d.channels;
      return [d.data[o] ?? -1, d.data[o + 1] ?? -1, d.data[o + 2] ?? -1];
    },
  };
  return { png, image, plan: planPromptImage(input) };
}

/** Pixels in no shape (and outside any edit mark) show the bare gradient. */
function isBackground(plan: PromptImagePlan, x: number, y: number): boolean {
  return !plan.shapes.some((s) => shapeCovers(s, x, y)) && plan.edit === undefined;
}

/** Mean absolute difference per channel between two same-size RGB images, 0..255. */
function meanDifference(a: Decoded, b: Decoded): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
  return sum / a.data.length;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

describe("renderPromptImage", () => {
  for (const [width, height] of [
    [1, 1],
    [7, 3],
    [3, 7],
    [64, 48],
  ] as const) {
    it(`paints every pixel of ${width}x${height} as the plan says`, async () => {
      for (const source of [undefined, { width: 640, height: 480 }]) {
        const input = { ...base, width, height, source };
        const { image, plan } = await render(input);
        expect([image.width, image.height, image.channels]).toEqual([width, height, 3]);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++)
            expect(image.pixel(x, y)).toEqual(samplePromptPixel(plan, x, y));
        }
      }
    });
  }

  it("matches the plan pixel for pixel across many prompts, gradient directions and shapes", async () => {
    const seen = new Set<string>();
    for (let n = 0; n < 60; n++) {
      const input = {
        ...base,
        prompt: `prompt number ${n}`,
        width: 37 + (n % 5),
        height: 23 + (n % 7),
        source: n % 3 === 0 ? { width: 10 + n, height: 30 } : undefined,
      };
      const { image, plan } = await render(input);
      seen.add(`dx${Math.sign(plan.gradient.dx)}`);
      seen.add(`dy${Math.sign(plan.gradient.dy)}`);
      for (const s of plan.shapes)
        seen.add(s.kind === "band" ? `band nx${Math.sign(s.nx)}` : s.kind);
      for (let y = 0; y < plan.height; y++) {
        for (let x = 0; x < plan.width; x++) {
          expect(image.pixel(x, y), `${input.prompt} at ${x},${y}`).toEqual(
            samplePromptPixel(plan, x, y),
          );
        }
      }
    }
    // The loop above really exercised every branch of the rasterizer.
    for (const kind of ["dx1", "dx-1", "dy1", "dy-1", "circle", "rect", "band nx1", "band nx-1"]) {
      expect(seen, kind).toContain(kind);
    }
  });

  it("rasterizes hand-written plans with edge cases exactly like the reference", () => {
    const plan: PromptImagePlan = {
      width: 41,
      height: 29,
      seed: 0,
      gradient: { from: [10, 200, 30], to: [250, 5, 120], dx: 0, dy: -64, min: -28 * 64, max: 0 },
      shapes: [
        {
          kind: "band",
          nx: 0,
          ny: 16,
          offset: 160,
          halfWidth: 20,
          color: [255, 255, 255],
          alpha: 200,
        },
        { kind: "band", nx: -7, ny: 11, offset: 30, halfWidth: 25, color: [0, 0, 255], alpha: 150 },
        { kind: "band", nx: 13, ny: 0, offset: 300, halfWidth: 13, color: [9, 9, 9], alpha: 255 },
        { kind: "circle", cx: -3, cy: 27, radius: 9, color: [255, 0, 0], alpha: 180 },
        { kind: "circle", cx: 20, cy: 14, radius: 1, color: [0, 255, 0], alpha: 255 },
        { kind: "rect", x0: -5, y0: 20, x1: 60, y1: 40, color: [40, 40, 200], alpha: 140 },
        { kind: "rect", x0: 50, y0: 0, x1: 60, y1: 5, color: [1, 2, 3], alpha: 255 },
      ],
      edit: {
        source: { width: 10, height: 10 },
        window: { x0: 6, y0: 2, x1: 31, y1: 27 },
        matte: [20, 20, 30],
        matteAlpha: 170,
        frame: [255, 200, 0],
        frameWidth: 2,
      },
    };
    const noEdit: PromptImagePlan = { ...plan, edit: undefined };
    const flat: PromptImagePlan = {
      ...noEdit,
      width: 1,
      height: 1,
      gradient: { ...plan.gradient, min: 0, max: 0 },
    };
    for (const p of [plan, noEdit, flat]) {
      const pixels = paintPromptImage(p);
      for (let y = 0; y < p.height; y++) {
        for (let x = 0; x < p.width; x++) {
          const o = (y * p.width + x) * 3;
          expect([pixels[o], pixels[o + 1], pixels[o + 2]], `${x},${y}`).toEqual(
            samplePromptPixel(p, x, y),
          );
        }
      }
    }
  });

  for (const [width, height] of [
    [1024, 1024],
    [1536, 1024],
    [1024, 1536],
  ] as const) {
    it(`renders ${width}x${height} matching the plan at sampled and background points`, async () => {
      const { image, plan } = await render({ ...base, width, height });
      expect([image.width, image.height, image.channels]).toEqual([width, height, 3]);

      // Corners, shape centres and edges, and random points: where rasterizer and plan could disagree.
      const points: [number, number][] = [
        [0, 0],
        [width - 1, 0],
        [0, height - 1],
        [width - 1, height - 1],
      ];
      for (const s of plan.shapes) {
        if (s.kind === "circle") {
          points.push(
            [s.cx, s.cy],
            [s.cx + s.radius, s.cy],
            [s.cx, s.cy - s.radius],
            [s.cx + s.radius + 1, s.cy],
          );
        } else if (s.kind === "rect") {
          points.push([s.x0, s.y0], [s.x1 - 1, s.y1 - 1], [s.x1, s.y0], [s.x0 - 1, s.y1 - 1]);
        }
      }
      const random = mulberry32(99);
      for (let i = 0; i < 2000; i++)
        points.push([Math.floor(random() * width), Math.floor(random() * height)]);
      let checked = 0;
      for (const [x, y] of points) {
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        expect(image.pixel(x, y), `pixel ${x},${y}`).toEqual(samplePromptPixel(plan, x, y));
        checked++;
      }
      expect(checked).toBeGreaterThan(2000);

      // A known background point shows exactly the gradient colour the plan computes.
      const background = points.find(
        ([x, y]) => x >= 0 && y >= 0 && x < width && y < height && isBackground(plan, x, y),
      );
      expect(background).toBeDefined();
      const [bx, by] = background ?? [0, 0];
      expect(image.pixel(bx, by)).toEqual(
        gradientColor(plan.gradient, gradientIndex(plan.gradient, bx, by)),
      );
    });
  }

  it("spans the whole gradient from corner to corner", () => {
    const { gradient } = planPromptImage(base);
    const corners = [
      gradientIndex(gradient, 0, 0),
      gradientIndex(gradient, 255, 0),
      gradientIndex(gradient, 0, 255),
      gradientIndex(gradient, 255, 255),
    ];
    expect(Math.min(...corners)).toBe(0);
    expect(Math.max(...corners)).toBe(255);
    expect(gradientColor(gradient, 0)).toEqual(gradient.from);
    expect(gradientColor(gradient, 255)).toEqual(gradient.to);
  });

  it("paints shapes visibly over the background", async () => {
    const { image, plan } = await render(base);
    expect(plan.shapes.length).toBeGreaterThanOrEqual(3);
    let covered = 0;
    let changed = 0;
    for (let y = 0; y < plan.height; y++) {
      for (let x = 0; x < plan.width; x++) {
        if (isBackground(plan, x, y)) continue;
        covered++;
        const bg = gradientColor(plan.gradient, gradientIndex(plan.gradient, x, y));
        const px = image.pixel(x, y);
        if (Math.abs(px[0] - bg[0]) + Math.abs(px[1] - bg[1]) + Math.abs(px[2] - bg[2]) > 30)
          changed++;
      }
    }
    expect(covered).toBeGreaterThan(plan.width * plan.height * 0.05);
    expect(changed / covered).toBeGreaterThan(0.5);
  });

  it("is deterministic: the same input gives identical bytes", async () => {
    const a = await renderPromptImage(base);
    const b = await renderPromptImage({ ...base });
    expect(sameBytes(a, b)).toBe(true);
    expect(planPromptImage(base)).toEqual(planPromptImage({ ...base }));
  });

  it("changes the bytes with every part of the identity", async () => {
    const variants: PromptImageInput[] = [
      base,
      { ...base, prompt: `${base.prompt}.` },
      { ...base, model: "google/imagen-4" },
      { ...base, seed: 8 },
      { ...base, seed: undefined },
      { ...base, index: 1 },
      { ...base, source: { width: 512, height: 512 } },
      { ...base, source: { width: 512, height: 256 } },
    ];
    const pngs = await Promise.all(variants.map(renderPromptImage));
    for (let i = 0; i < pngs.length; i++) {
      for (let j = i + 1; j < pngs.length; j++) {
        expect(
          sameBytes(pngs[i] ?? new Uint8Array(), pngs[j] ?? new Uint8Array()),
          `variants ${i} and ${j}`,
        ).toBe(false);
      }
    }
  });

  it("makes different prompts clearly different pictures", async () => {
    const prompts = [
      "a red fox in the snow",
      "a red fox in the snow at night",
      "a bowl of ramen",
      "cat",
      "dog",
      "城市夜景",
    ];
    const images = await Promise.all(
      prompts.map(async (prompt) => (await render({ ...base, prompt })).image),
    );
    for (let i = 0; i < images.length; i++) {
      for (let j = i + 1; j < images.length; j++) {
        const a = images[i];
        const b = images[j];
        if (!a || !b) throw new Error("missing image");
        // 20/255 on average over every channel of every pixel: far beyond noise, obvious to the eye.
        expect(meanDifference(a, b), `${prompts[i]} vs ${prompts[j]}`).toBeGreaterThan(20);
      }
    }
  });

  it("makes each index a different variation of the same prompt", async () => {
    const plans = [0, 1, 2, 3].map((index) => planPromptImage({ ...base, index }));
    const images = await Promise.all(
      [0, 1, 2, 3].map(async (index) => (await render({ ...base, index })).image),
    );
    for (let i = 1; i < images.length; i++) {
      const first = images[0];
      const other = images[i];
      if (!first || !other) throw new Error("missing image");
      expect(meanDifference(first, other)).toBeGreaterThan(10);
      // Same theme: the background colours stay close across variations.
      const hueDrift = (plans[i]?.gradient.from ?? [0, 0, 0]).map((c, k) =>
        Math.abs(c - (plans[0]?.gradient.from[k] ?? 0)),
      );
      expect(Math.max(...hueDrift)).toBeLessThan(80);
    }
  });

  it("marks an edit with a matte and a frame shaped like the source", async () => {
    const input = { ...base, width: 300, height: 200, source: { width: 400, height: 400 } };
    const { image, plan } = await render(input);
    const edit = plan.edit;
    if (!edit) throw new Error("an edit plan was expected");
    const { x0, y0, x1, y1 } = edit.window;
    // A square source inside a landscape output: a square window, centred.
    expect(x1 - x0).toBe(y1 - y0);
    expect(Math.abs(x0 + x1 - 300)).toBeLessThanOrEqual(1);
    expect(y0).toBeGreaterThan(0);
    expect(image.pixel(x0, y0)).toEqual(edit.frame);
    expect(image.pixel(x1 - 1, y1 - 1)).toEqual(edit.frame);
    expect(image.pixel(Math.floor((x0 + x1) / 2), y0)).toEqual(edit.frame);
    // Outside the window, the matte darkens the picture.
    const outside = image.pixel(2, 100);
    expect(outside).toEqual(samplePromptPixel(plan, 2, 100));
    const lightness = (c: Rgb) => c[0] + c[1] + c[2];
    const unmatted = samplePromptPixel({ ...plan, edit: undefined }, 2, 100);
    expect(lightness(outside)).toBeLessThan(lightness(unmatted) + 1);
    // The source's aspect ratio decides the window.
    const wide = planPromptImage({ ...input, source: { width: 1600, height: 400 } }).edit?.window;
    expect(wide && (wide.x1 - wide.x0) / (wide.y1 - wide.y0)).toBeCloseTo(4, 1);
  });

  it("rejects sizes that are not whole pixels within the limits", async () => {
    await expect(renderPromptImage({ ...base, width: 0 })).rejects.toThrow(RangeError);
    await expect(renderPromptImage({ ...base, height: 1.5 })).rejects.toThrow(RangeError);
    await expect(renderPromptImage({ ...base, width: 20000 })).rejects.toThrow(RangeError);
    await expect(renderPromptImage({ ...base, width: 16384, height: 16384 })).rejects.toThrow(
      /pixels/,
    );
    await expect(renderPromptImage({ ...base, source: { width: 0, height: 10 } })).rejects.toThrow(
      RangeError,
    );
  });
});
