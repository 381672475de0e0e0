/**
 * Small helpers for the fault, bad-input and SDK-compatibility tests: reading bodies that may
 * break half-way, splitting SSE, checking the gateway's error format, bounding waits.
 */

import { encodeBase64, zErrorResponse } from "@pictor/contract";
import { encode } from "fast-png";
import { expect } from "vitest";
import type * as z from "zod/mini";

/** The `error` object of a gateway error body. */
export type GatewayErrorObject = z.output<typeof zErrorResponse>["error"];

/** What reading a body to its end gave: the text received, and the error that stopped it, if any. */
export interface BodyRead {
  text: string;
  error: unknown;
  /** True when the body ended normally, false when reading it failed. */
  complete: boolean;
}

/** Reads a response body chunk by chunk until it ends or fails; never throws. */
export async function readBody(response: Response): Promise<BodyRead> {
  const reader = response.body?.getReader();
  if (!reader) return { text: "", error: undefined, complete: true };
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), error: undefined, complete: true };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error, complete: false };
  }
}

/** One Server-Sent Event. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into events (`event:` and `data:` lines, a blank line after each event). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === "") continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("event:")) event = line.slice("event:".length).trim();
      else if (line.startsWith("data:")) data.push(line.slice("data:".length).replace(/^ /, ""));
    }
    events.push({ event, data: data.join("\n") });
  }
  return events;
}

/**
 * Checks that `response` is a gateway error with `status`, a JSON content type and a body that
 * matches the contract's `ErrorResponse`; returns its `error` object.
 */
export async function expectGatewayError(
  response: Response,
  status: number,
): Promise<GatewayErrorObject> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    expect.fail(`HTTP ${response.status} body is not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = zErrorResponse.safeParse(body);
  if (!parsed.success) {
    expect.fail(`not the gateway's error format: ${text.slice(0, 300)}`);
  }
  return parsed.data.error;
}

/**
 * Settles like `promise`, or rejects once `ms` have passed with a message naming `what`, so a
 * request the server never answers fails fast and clearly instead of at the test timeout.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A real RGB PNG of the given size (a gradient), made with fast-png. */
export function makePng(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      data[offset] = (x * 255) / Math.max(1, width - 1);
      data[offset + 1] = (y * 255) / Math.max(1, height - 1);
      data[offset + 2] = 128;
    }
  }
  return encode({ width, height, data, channels: 3, depth: 8 });
}

/**
 * The smallest JPEG whose size a decoder can read from its header: SOI, a baseline
 * start-of-frame segment (SOF0) with height and width, EOI.
 */
export function minimalJpeg(width: number, height: number): Uint8Array {
  // biome-ignore format: one JPEG segment per line
  return Uint8Array.of(
    0xff, 0xd8, // SOI
    0xff, 0xc0, 0x00, 0x11, 0x08, // SOF0, length 17, 8-bit samples
    height >> 8, height & 0xff, width >> 8, width & 0xff,
    0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, // 3 components
    0xff, 0xd9, // EOI
  );
}

/** `data:<mediaType>;base64,<bytes>`. */
export function dataUrl(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${encodeBase64(bytes)}`;
}
