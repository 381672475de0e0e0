/**
 * Renders the mock's stand-in for a generated image: a PNG whose colours and shapes are
 * picked from the prompt (see ./prompt-image-plan), so tests and demos can tell images apart.
 */

import { encodePng } from "./png-encoder";
import {
  blendChannel,
  gradientIndex,
  gradientLut,
  type PromptImageInput,
  type PromptImagePlan,
  type PromptShape,
  planPromptImage,
  type Rgb,
} from "./prompt-image-plan";

const CHANNELS = 3;

/** Renders the prompt image for a request as PNG bytes: identical inputs give identical pixels, and identical bytes within one runtime (zlib builds differ). */
export async function renderPromptImage(input: PromptImageInput): Promise<Uint8Array> {
  const plan = planPromptImage(input);
  return encodePng({
    width: plan.width,
    height: plan.height,
    channels: CHANNELS,
    pixels: paintPromptImage(plan),
  });
}

/** Paints a plan into a tightly packed RGB buffer; matches `samplePromptPixel` pixel for pixel. */
export function paintPromptImage(plan: PromptImagePlan): Uint8Array {
  const { width, height, gradient } = plan;
  const pixels = new Uint8Array(width * height * CHANNELS);

  const lut = gradientLut(gradient);
  const { dx, dy, min } = gradient;
  const range = gradient.max - gradient.min;
  // gradientIndex() is floor(n / range) with n growing by dx*255 per pixel: keep quotient and
  // remainder incrementally (Bresenham-style) so the loop has no division yet stays exact.
  const step = dx * 255;
  const stepQuotient = range === 0 ? 0 : Math.floor(step / range);
  const stepRemainder = range === 0 ? 0 : step - stepQuotient * range;
  for (let y = 0; y < height; y++) {
    let o = y * width * CHANNELS;
    let quotient = gradientIndex(gradient, 0, y);
    let remainder = range === 0 ? 0 : (y * dy - min) * 255 - quotient * range;
    for (let x = 0; x < width; x++) {
      const i = quotient * 3;
      pixels[o] = lut[i] ?? 0;
      pixels[o + 1] = lut[i + 1] ?? 0;
      pixels[o + 2] = lut[i + 2] ?? 0;
      o += CHANNELS;
      quotient += stepQuotient;
      remainder += stepRemainder;
      if (remainder >= range && range !== 0) {
        remainder -= range;
        quotient++;
      }
    }
  }

  for (const shape of plan.shapes) paintShape(pixels, width, height, shape);

  const { edit } = plan;
  if (edit) {
    const { x0, y0, x1, y1 } = edit.window;
    const fw = edit.frameWidth;
    const matte = blendTables(edit.matte, edit.matteAlpha);
    const frame = blendTables(edit.frame, 255);
    for (let y = 0; y < height; y++) {
      const row = y * width;
      if (y < y0 || y >= y1) {
        blendSpan(pixels, row, 0, width, matte);
        continue;
      }
      blendSpan(pixels, row, 0, x0, matte);
      blendSpan(pixels, row, x1, width, matte);
      if (y < y0 + fw || y >= y1 - fw) {
        blendSpan(pixels, row, x0, x1, frame);
      } else {
        blendSpan(pixels, row, x0, Math.min(x1, x0 + fw), frame);
        blendSpan(pixels, row, Math.max(x0, x1 - fw), x1, frame);
      }
    }
  }
  return pixels;
}

/** Blends a shape row by row over the span it covers, never visiting pixels outside it. */
function paintShape(pixels: Uint8Array, width: number, height: number, shape: PromptShape): void {
  const tables = blendTables(shape.color, shape.alpha);
  switch (shape.kind) {
    case "circle": {
      const { cx, cy, radius } = shape;
      const r2 = radius * radius;
      for (let y = Math.max(0, cy - radius); y <= Math.min(height - 1, cy + radius); y++) {
        const oy = y - cy;
        const span = isqrt(r2 - oy * oy);
        blendSpan(
          pixels,
          y * width,
          Math.max(0, cx - span),
          Math.min(width, cx + span + 1),
          tables,
        );
      }
      return;
    }
    case "rect": {
      const x0 = Math.max(0, shape.x0);
      const x1 = Math.min(width, shape.x1);
      for (let y = Math.max(0, shape.y0); y < Math.min(height, shape.y1); y++) {
        blendSpan(pixels, y * width, x0, x1, tables);
      }
      return;
    }
    case "band": {
      const { nx, ny, offset, halfWidth } = shape;
      for (let y = 0; y < height; y++) {
        // |x*nx + y*ny - offset| <= halfWidth  <=>  lo <= x*nx <= hi
        const lo = offset - halfWidth - y * ny;
        const hi = offset + halfWidth - y * ny;
        let from: number;
        let to: number;
        if (nx > 0) {
          from = Math.ceil(lo / nx);
          to = Math.floor(hi / nx);
        } else if (nx < 0) {
          from = Math.ceil(hi / nx);
          to = Math.floor(lo / nx);
        } else if (lo <= 0 && hi >= 0) {
          from = 0;
          to = width - 1;
        } else {
          continue;
        }
        blendSpan(pixels, y * width, Math.max(0, from), Math.min(width, to + 1), tables);
      }
      return;
    }
  }
}

/** Per-channel lookup tables: `table[base]` is the channel after blending the colour over `base`. */
type BlendTables = readonly [Uint8Array, Uint8Array, Uint8Array];

/** Builds the blend tables for one colour and alpha: a lookup per channel instead of a division. */
function blendTables(color: Rgb, alpha: number): BlendTables {
  const table = (channel: number): Uint8Array => {
    const out = new Uint8Array(256);
    for (let base = 0; base < 256; base++) out[base] = blendChannel(base, channel, alpha);
    return out;
  };
  return [table(color[0]), table(color[1]), table(color[2])];
}

/** Applies blend tables to pixels [x0, x1) of the row that starts at pixel `rowStart`. */
function blendSpan(
  pixels: Uint8Array,
  rowStart: number,
  x0: number,
  x1: number,
  tables: BlendTables,
): void {
  const [tr, tg, tb] = tables;
  for (
    let o = (rowStart + x0) * CHANNELS, end = (rowStart + x1) * CHANNELS;
    o < end;
    o += CHANNELS
  ) {
    pixels[o] = tr[pixels[o] ?? 0] ?? 0;
    pixels[o + 1] = tg[pixels[o + 1] ?? 0] ?? 0;
    pixels[o + 2] = tb[pixels[o + 2] ?? 0] ?? 0;
  }
}

/** Integer square root of a non-negative integer (Math.sqrt can round up just below a perfect square). */
function isqrt(n: number): number {
  if (n <= 0) return 0;
  let s = Math.floor(Math.sqrt(n));
  while (s * s > n) s--;
  while ((s + 1) * (s + 1) <= n) s++;
  return s;
}
