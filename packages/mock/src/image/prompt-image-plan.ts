/**
 * The pure "what to paint" half of the mock's prompt images: colours, shapes and the edit
 * frame chosen from a hash of the request. Everything is in integer pixel coordinates so the
 * fast rasterizer and the per-pixel reference below agree exactly, which is what tests check.
 */

import { hashSeed, mulberry32 } from "./hash-seed";

/** What a prompt image is derived from; equal inputs always give the same picture. */
export interface PromptImageInput {
  prompt: string;
  model: string;
  seed?: number;
  /** Position of the image within one request (`n` > 1): each index is a variation. */
  index: number;
  width: number;
  height: number;
  /** Size of the image being edited; when present the result is marked as an edit of it. */
  source?: { width: number; height: number };
}

/** An 8-bit RGB colour. */
export type Rgb = readonly [r: number, g: number, b: number];

/** A translucent shape painted over the background; `alpha` is 0..255. */
export type PromptShape =
  | { kind: "circle"; cx: number; cy: number; radius: number; color: Rgb; alpha: number }
  /** Covers x0 <= x < x1, y0 <= y < y1. */
  | { kind: "rect"; x0: number; y0: number; x1: number; y1: number; color: Rgb; alpha: number }
  /** Covers the pixels with |x*nx + y*ny - offset| <= halfWidth: a straight stripe at any angle. */
  | {
      kind: "band";
      nx: number;
      ny: number;
      offset: number;
      halfWidth: number;
      color: Rgb;
      alpha: number;
    };

/** A two-colour linear gradient: colour index floor((x*dx + y*dy - min) * 255 / (max - min)). */
export interface PromptGradient {
  from: Rgb;
  to: Rgb;
  dx: number;
  dy: number;
  min: number;
  max: number;
}

/** How an edit is marked: a matte tint outside a window shaped like the source, and a frame around it. */
export interface PromptEditMark {
  source: { width: number; height: number };
  /** The source's aspect ratio fitted into the output: x0 <= x < x1, y0 <= y < y1. */
  window: { x0: number; y0: number; x1: number; y1: number };
  matte: Rgb;
  matteAlpha: number;
  frame: Rgb;
  frameWidth: number;
}

/** Everything {@link renderPromptImage} paints, in painting order: gradient, shapes, edit mark. */
export interface PromptImagePlan {
  width: number;
  height: number;
  /** The hash of the request's identity that the layout was drawn from. */
  seed: number;
  gradient: PromptGradient;
  shapes: readonly PromptShape[];
  edit?: PromptEditMark;
}

/** Largest accepted side: keeps a bogus size from allocating gigabytes in the mock. */
export const MAX_PROMPT_IMAGE_SIDE = 16384;
/** Largest accepted pixel count (64 Mpx, 192 MB of RGB). */
export const MAX_PROMPT_IMAGE_PIXELS = 1 << 26;

/** Chooses the gradient, shapes and edit mark for a request, deterministically from its identity. */
export function planPromptImage(input: PromptImageInput): PromptImagePlan {
  const { width, height, source } = input;
  assertSize("width", width);
  assertSize("height", height);
  if (width * height > MAX_PROMPT_IMAGE_PIXELS) {
    throw new RangeError(
      `prompt image: ${width}x${height} exceeds ${MAX_PROMPT_IMAGE_PIXELS} pixels`,
    );
  }
  if (source) {
    assertSize("source.width", source.width);
    assertSize("source.height", source.height);
  }

  // The palette ignores `index` so the images of one request read as variations of one theme;
  // the layout (and a small hue shift) depends on everything that identifies the image.
  const palette = mulberry32(hashSeed("palette", input.prompt, input.model, input.seed));
  const seed = hashSeed(
    "layout",
    input.prompt,
    input.model,
    input.seed,
    input.index,
    source?.width,
    source?.height,
  );
  const layout = mulberry32(seed);

  const baseHue = palette() * 360 + (layout() - 0.5) * 40;
  const hueSpread = 90 + palette() * 110;
  const from = hsl(baseHue, 0.55 + palette() * 0.3, 0.22 + palette() * 0.18);
  const to = hsl(baseHue + hueSpread, 0.55 + palette() * 0.3, 0.58 + palette() * 0.17);

  const angle = layout() * Math.PI * 2;
  const dx = Math.round(Math.cos(angle) * 64);
  const dy = Math.round(Math.sin(angle) * 64);
  const corners = [0, (width - 1) * dx, (height - 1) * dy, (width - 1) * dx + (height - 1) * dy];
  const gradient: PromptGradient = {
    from,
    to,
    dx,
    dy,
    min: Math.min(...corners),
    max: Math.max(...corners),
  };

  const minSide = Math.min(width, height);
  const shapes: PromptShape[] = [];
  const shapeCount = 3 + Math.floor(layout() * 4);
  for (let i = 0; i < shapeCount; i++) {
    const color = hsl(
      baseHue + hueSpread * 0.5 + (layout() - 0.5) * 240,
      0.6 + layout() * 0.35,
      0.35 + layout() * 0.4,
    );
    const alpha = 140 + Math.floor(layout() * 100);
    const pick = layout();
    if (pick < 0.45) {
      shapes.push({
        kind: "circle",
        cx: Math.floor(layout() * width),
        cy: Math.floor(layout() * height),
        radius: Math.max(1, Math.round(minSide * (0.08 + layout() * 0.22))),
        color,
        alpha,
      });
    } else if (pick < 0.8) {
      const w = Math.max(1, Math.round(width * (0.1 + layout() * 0.4)));
      const h = Math.max(1, Math.round(height * (0.1 + layout() * 0.4)));
      const x0 = Math.floor(layout() * (width - w + 1));
      const y0 = Math.floor(layout() * (height - h + 1));
      shapes.push({ kind: "rect", x0, y0, x1: x0 + w, y1: y0 + h, color, alpha });
    } else {
      const bandAngle = layout() * Math.PI;
      const nx = Math.round(Math.cos(bandAngle) * 16);
      const ny = Math.round(Math.sin(bandAngle) * 16);
      const norm = Math.hypot(nx, ny);
      const px = Math.floor(layout() * width);
      const py = Math.floor(layout() * height);
      shapes.push({
        kind: "band",
        nx,
        ny,
        offset: px * nx + py * ny,
        halfWidth: Math.max(1, Math.round(minSide * (0.02 + layout() * 0.06) * norm)),
        color,
        alpha,
      });
    }
  }

  const plan: PromptImagePlan = { width, height, seed, gradient, shapes };
  if (source) plan.edit = planEditMark(width, height, source, baseHue, layout);
  return plan;
}

/** Fits the source's aspect ratio inside the output with a margin, so the edit shows its shape. */
function planEditMark(
  width: number,
  height: number,
  source: { width: number; height: number },
  baseHue: number,
  layout: () => number,
): PromptEditMark {
  const margin = Math.floor(Math.min(width, height) * 0.06);
  const availableWidth = width - 2 * margin;
  const availableHeight = height - 2 * margin;
  const scale = Math.min(availableWidth / source.width, availableHeight / source.height);
  const windowWidth = Math.min(availableWidth, Math.max(1, Math.round(source.width * scale)));
  const windowHeight = Math.min(availableHeight, Math.max(1, Math.round(source.height * scale)));
  const x0 = Math.floor((width - windowWidth) / 2);
  const y0 = Math.floor((height - windowHeight) / 2);
  return {
    source: { width: source.width, height: source.height },
    window: { x0, y0, x1: x0 + windowWidth, y1: y0 + windowHeight },
    matte: hsl(baseHue + 180, 0.15, 0.12),
    matteAlpha: 170,
    frame: hsl(baseHue + 180 + (layout() - 0.5) * 60, 0.9, 0.6),
    frameWidth: Math.max(1, Math.round(Math.min(width, height) / 64)),
  };
}

/** The gradient's colour at index `i` (0 = `from`, 255 = `to`), rounded to nearest. */
export function gradientColor(gradient: PromptGradient, i: number): Rgb {
  const mix = (from: number, to: number): number =>
    Math.floor((from * (255 - i) + to * i + 127) / 255);
  return [
    mix(gradient.from[0], gradient.to[0]),
    mix(gradient.from[1], gradient.to[1]),
    mix(gradient.from[2], gradient.to[2]),
  ];
}

/** All 256 gradient colours as packed RGB triples, so the renderer does a lookup per pixel. */
export function gradientLut(gradient: PromptGradient): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(gradientColor(gradient, i), i * 3);
  return lut;
}

/** The gradient's colour index (0..255) at a pixel; integer arithmetic, so exact everywhere. */
export function gradientIndex(gradient: PromptGradient, x: number, y: number): number {
  const range = gradient.max - gradient.min;
  if (range === 0) return 0;
  return Math.floor(((x * gradient.dx + y * gradient.dy - gradient.min) * 255) / range);
}

/** Whether a shape covers pixel (x, y). */
export function shapeCovers(shape: PromptShape, x: number, y: number): boolean {
  switch (shape.kind) {
    case "circle": {
      const ox = x - shape.cx;
      const oy = y - shape.cy;
      return ox * ox + oy * oy <= shape.radius * shape.radius;
    }
    case "rect":
      return x >= shape.x0 && x < shape.x1 && y >= shape.y0 && y < shape.y1;
    case "band":
      return Math.abs(x * shape.nx + y * shape.ny - shape.offset) <= shape.halfWidth;
  }
}

/** Blends one 8-bit channel of `color` over `base` with `alpha` (0..255), rounding to nearest. */
export function blendChannel(base: number, color: number, alpha: number): number {
  return Math.floor((color * alpha + base * (255 - alpha) + 127) / 255);
}

/** The reference colour of one pixel, computed naively from the plan; the renderer must match it. */
export function samplePromptPixel(plan: PromptImagePlan, x: number, y: number): Rgb {
  const { gradient } = plan;
  let [r, g, b] = gradientColor(gradient, gradientIndex(gradient, x, y));
  for (const shape of plan.shapes) {
    if (!shapeCovers(shape, x, y)) continue;
    r = blendChannel(r, shape.color[0], shape.alpha);
    g = blendChannel(g, shape.color[1], shape.alpha);
    b = blendChannel(b, shape.color[2], shape.alpha);
  }
  const { edit } = plan;
  if (edit) {
    const w = edit.window;
    const inside = x >= w.x0 && x < w.x1 && y >= w.y0 && y < w.y1;
    if (!inside) {
      r = blendChannel(r, edit.matte[0], edit.matteAlpha);
      g = blendChannel(g, edit.matte[1], edit.matteAlpha);
      b = blendChannel(b, edit.matte[2], edit.matteAlpha);
    } else if (
      x < w.x0 + edit.frameWidth ||
      x >= w.x1 - edit.frameWidth ||
      y < w.y0 + edit.frameWidth ||
      y >= w.y1 - edit.frameWidth
    ) {
      [r, g, b] = edit.frame;
    }
  }
  return [r, g, b];
}

/** HSL (hue in degrees, any range) to 8-bit RGB. */
function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const h = (((hue % 360) + 360) % 360) / 360;
  const q =
    lightness < 0.5
      ? lightness * (1 + saturation)
      : lightness + saturation - lightness * saturation;
  const p = 2 * lightness - q;
  const channel = (t0: number): number => {
    const t = t0 < 0 ? t0 + 1 : t0 > 1 ? t0 - 1 : t0;
    const v =
      t < 1 / 6
        ? p + (q - p) * 6 * t
        : t < 1 / 2
          ? q
          : t < 2 / 3
            ? p + (q - p) * (2 / 3 - t) * 6
            : p;
    return Math.round(v * 255);
  };
  return [channel(h + 1 / 3), channel(h), channel(h - 1 / 3)];
}

/** Sizes must be whole pixels within the mock's limits. */
function assertSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PROMPT_IMAGE_SIDE) {
    throw new RangeError(
      `prompt image: ${name} must be an integer from 1 to ${MAX_PROMPT_IMAGE_SIDE}, got ${value}`,
    );
  }
}
