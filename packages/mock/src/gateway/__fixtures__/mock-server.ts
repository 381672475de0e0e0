/**
 * Shared setup of the mock's contract tests: the mock gateway behind msw's `setupServer`, so
 * every request goes through the real HTTP layer as users' code does (global `fetch`).
 */

import { zErrorResponse } from "@pictor/contract";
import { decode, encode } from "fast-png";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type * as z from "zod/mini";
import {
  createMockGateway,
  decodeBase64,
  encodeBase64,
  type MockGateway,
  type MockGatewayOptions,
} from "../..";
import { handlers } from "../../msw";

/** The base URL the tests call, as the SDK does by default. */
// Shared with the fault tests: one SSE splitter and one bounded wait.
export { parseSse, type SseEvent, within } from "../../faults/__fixtures__/wire";

export const baseURL = "https://api.llmgateway.io/v1";

/** A key every default gateway accepts. */
export const apiKey = "sk-test-contract-0123456789";

/**
 * The clock of the default gateway: 2026-10-05, after gemini-2.5-flash-image's deactivation
 * (2026-10-02) and before qwen-image-plus's (2026-10-10), so tests that use either do not
 * depend on the wall clock.
 */
export const fixedNow = Date.parse("2026-10-05T12:00:00.000Z");

/** What a test file gets from {@link useMockServer}. */
export interface MockServerHandle {
  /** The file's default gateway ({@link MockServerHandle.withGateway} swaps in another for one test). */
  readonly gateway: MockGateway;
  /** Answers the rest of the current test with another gateway, built with `options`. */
  withGateway(options: MockGatewayOptions): MockGateway;
}

/**
 * Starts msw with the mock gateway for the test file (`onUnhandledRequest: "error"`), and
 * resets handlers and the gateway after each test.
 */
export function useMockServer(options: MockGatewayOptions = {}): MockServerHandle {
  const gateway = createMockGateway({ now: () => fixedNow, ...options });
  const server = setupServer(...handlers(gateway, { baseURL }));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    gateway.reset();
  });
  afterAll(() => server.close());
  return {
    gateway,
    withGateway(extra) {
      const other = createMockGateway({ now: () => fixedNow, ...extra });
      server.use(...handlers(other, { baseURL }));
      return other;
    },
  };
}

/** Headers of an authenticated JSON request. */
export function jsonHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...extra };
}

/** POSTs `body` as JSON to `path` (relative to {@link baseURL}) with the test key; `init` overrides. */
export function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(jsonHeaders());
  for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
  return fetch(`${baseURL}${path}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
    headers,
  });
}

/** GETs `path` (relative to {@link baseURL}); no key unless `init` sends one. */
export function get(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseURL}${path}`, init);
}

/** A decoded PNG. */
export interface DecodedImage {
  width: number;
  height: number;
  /** Distinct colours among up to 65,536 pixels sampled evenly (1 means a flat image). */
  colours: number;
}

/** Decodes base64 PNG bytes with fast-png (throws unless they are a valid PNG). */
export function decodeImage(base64: string): DecodedImage {
  const png = decode(decodeBase64(base64));
  const { data, channels } = png;
  const pixels = png.width * png.height;
  const stride = Math.max(1, Math.floor(pixels / 65536));
  const seen = new Set<number>();
  for (let pixel = 0; pixel < pixels; pixel += stride) {
    let key = 0;
    for (let c = 0; c < channels; c++) key = key * 65536 + (data[pixel * channels + c] ?? 0);
    seen.add(key);
  }
  return { width: png.width, height: png.height, colours: seen.size };
}

/** Decodes a `data:image/png;base64,` URL (throws on any other URL). */
export function decodeDataUrl(url: string): DecodedImage {
  const prefix = "data:image/png;base64,";
  if (!url.startsWith(prefix)) throw new Error(`not a PNG data URL: ${url.slice(0, 40)}`);
  return decodeImage(url.slice(prefix.length));
}

/** A real RGB PNG of the given size with a two-colour gradient (made with fast-png). */
export function makePng(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * 255) / Math.max(1, width - 1);
      data[o + 1] = (y * 255) / Math.max(1, height - 1);
      data[o + 2] = 128;
    }
  }
  return encode({ width, height, data, channels: 3, depth: 8 });
}

/**
 * A short stand-in for a long string (an image's base64), so comparing two images prints
 * `"245760:1a2b3c4d"` rather than a quarter megabyte when they differ.
 */
export function fingerprint(text: string | undefined): string {
  if (text === undefined) return "undefined";
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(hash >>> 0).toString(16).padStart(8, "0")}`;
}

/** A data URL of bytes with a media type. */
export function dataUrl(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${encodeBase64(bytes)}`;
}

/** A PNG data URL of the given size. */
export function pngDataUrl(width: number, height: number): string {
  return dataUrl("image/png", makePng(width, height));
}

/**
 * The smallest JPEG header the gateway's providers size an image by: SOI, then a baseline
 * start-of-frame (SOF0) segment with the height and width, then end of image.
 */
export function minimalJpeg(width: number, height: number): Uint8Array {
  return Uint8Array.of(
    0xff,
    0xd8, // SOI
    0xff,
    0xc0, // SOF0
    0x00,
    0x11, // segment length 17
    0x08, // 8-bit samples
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03, // 3 components
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
    0xff,
    0xd9, // EOI
  );
}

/** Parses `value` with a contract schema, failing the test with the schema's issues when it does not fit. */
export function expectValid<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    expect.fail(`does not match the contract: ${JSON.stringify(result.error.issues, null, 2)}`);
  }
  return result.data;
}

/** Checks a 200 (or `status`) answer, reads its JSON body and parses it with a contract schema. */
export async function bodyOf<S extends z.ZodMiniType>(
  schema: S,
  response: Response,
  status = 200,
): Promise<z.output<S>> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    expect.fail(`HTTP ${response.status} body is not JSON: ${text.slice(0, 200)}`);
  }
  return expectValid(schema, body);
}

/** The gateway error of a response: checks its status and `ErrorResponse` shape, returns `error`. */
export async function errorOf(
  response: Response,
  status: number,
): Promise<z.output<typeof zErrorResponse>["error"]> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  return expectValid(zErrorResponse, JSON.parse(text)).error;
}
