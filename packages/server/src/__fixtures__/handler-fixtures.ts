import { type ErrorObject, zErrorResponse } from "@pictor/contract";
import { createMockGateway, encodeBase64, type MockGateway, renderPromptImage } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

/** The server's gateway key: the only one the mock gateway accepts in these tests. */
export const serverKey = "sk-server-5f1c9e7a2b4d";
/** A key a browser might send: it must never reach the gateway. */
export const browserKey = "sk-browser-0a0a0a0a";
/** Where the handler forwards to (msw routes it to the mock gateway). */
export const upstreamURL = "https://upstream.test/v1";
/** Where the browser reaches the handler, as in a Next.js app (`app/api/pictor/[...path]`). */
export const mountURL = "http://app.test/api/pictor";

/**
 * Starts msw with a fresh mock gateway at {@link upstreamURL} (accepting only {@link serverKey})
 * for the file's tests; overrides and gateway state are reset after each test.
 */
export function useUpstreamGateway(): { gateway: MockGateway; server: SetupServer } {
  const gateway = createMockGateway({ apiKeys: [serverKey] });
  const server = setupServer(...handlers(gateway, { baseURL: upstreamURL }));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    gateway.reset();
  });
  afterAll(() => server.close());
  return { gateway, server };
}

/** A JSON POST from the browser to the handler. */
export function browserPost(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(`${mountURL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** The gateway's error object of a response; fails the test when the body is not in the gateway's format. */
export async function errorOf(response: Response): Promise<ErrorObject> {
  expect(response.headers.get("content-type")).toContain("application/json");
  const parsed = zErrorResponse.safeParse(await response.json());
  expect(parsed.success, "an error body in the gateway's format").toBe(true);
  if (!parsed.success) throw parsed.error;
  return parsed.data.error;
}

/** Reads the whole body and fails the test if the key appears in it or in any header. */
export async function expectKeyAbsent(response: Response, key = serverKey): Promise<string> {
  const text = await response.text();
  expect(text).not.toContain(key);
  response.headers.forEach((value, name) => {
    expect(`${name}: ${value}`).not.toContain(key);
  });
  return text;
}

/** A `data:` URL of a real PNG from the mock's renderer. */
export async function pngDataUrl(width: number, height: number): Promise<string> {
  const png = await renderPromptImage({ prompt: "input", model: "test", index: 0, width, height });
  return `data:image/png;base64,${encodeBase64(png)}`;
}

/** A `data:` URL holding only a PNG's signature and IHDR: enough for the size, never forwarded. */
export function pngHeaderDataUrl(width: number, height: number): string {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 2, 0, 0, 0], 24);
  return `data:image/png;base64,${encodeBase64(bytes)}`;
}
