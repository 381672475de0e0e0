// Pictor's advice in an API error's message (the 404's "Did you mean", the 413's "Send fewer or
// smaller input images") sits before "(request id …)", so every message reads the same way:
// status, the gateway's words, what to do, and last the id to quote to support.

import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { APIError } from "../core/errors";

const { client, server } = useClientTestServer({ maxBodyBytes: 4_000 });

/** The APIError `call` fails with; fails the test on any other outcome. */
async function apiError(call: () => Promise<unknown>): Promise<APIError> {
  const error = await caught(call);
  if (!APIError.isInstance(error)) throw error;
  return error;
}

describe("an API error's hint comes before its request id", () => {
  it("a model id typo's 404: '… Did you mean …? (request id …)'", async () => {
    const error = await apiError(() =>
      client().images.generate({ model: "gemini-3-pro-image-previw", prompt: "a cat" }),
    );

    expect(error.status).toBe(404);
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toMatch(/^404 Model gemini-3-pro-image-previw was not found\. /);
    expect(error.message).toMatch(
      new RegExp(
        `\\. Did you mean 'gemini-3-pro-image-preview'\\? \\(request id ${error.requestId}\\)$`,
      ),
    );
  });

  it("a typo's 404 through chat, streamed or not, reads the same", async () => {
    const messages = [{ role: "user" as const, content: "a cat" }];
    const model = "gemini-3-pro-image-previw";
    for (const stream of [false, true]) {
      const error = await apiError(() =>
        client().chat.completions.create({ model, messages, stream }),
      );
      expect(error.message).toMatch(
        / Did you mean 'gemini-3-pro-image-preview'\? \(request id [^)]+\)$/,
      );
    }
  });

  it("a 404 without a request id ends with the hint", async () => {
    const model = "gemini-3-pro-image-previw";
    server.use(
      http.post(`${baseURL}/images/generations`, () =>
        HttpResponse.json(
          {
            error: {
              message: `Model ${model} was not found.`,
              type: "invalid_request_error",
              param: "model",
              code: "not_found",
            },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await apiError(() => client().images.generate({ model, prompt: "a cat" }));

    expect(error.requestId).toBeNull();
    expect(error.message).toBe(
      `404 Model ${model} was not found. Did you mean 'gemini-3-pro-image-preview'?`,
    );
  });

  it("a body too large's 413: '… Send fewer or smaller input images. (request id …)'", async () => {
    const error = await apiError(() =>
      client().chat.completions.create({
        model: "gemini-3-pro-image-preview",
        messages: [{ role: "user", content: "a cat ".repeat(1_000) }],
      }),
    );

    expect(error.status).toBe(413);
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toMatch(
      new RegExp(
        `^413 .+\\. Send fewer or smaller input images\\. \\(request id ${error.requestId}\\)$`,
      ),
    );
  });
});
