// A model id with a typo reaches the gateway (Pictor sends ids it does not know: new models),
// which answers 404; the error then names the catalog id the caller likely meant.

import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { NotFoundError } from "../core/errors";

const { client, server } = useClientTestServer();
const png = await pngOf(64, 64, "typo");
const typo = "gemini-3-pro-image-previw";
const hint = "Did you mean 'gemini-3-pro-image-preview'?";

/** Whether `error`'s message ends with `said`, then its request id (which always ends it). */
function endsWithHint(error: NotFoundError, said: string): boolean {
  return error.message.endsWith(` ${said} (request id ${error.requestId})`);
}

/** The NotFoundError `call` fails with; fails the test on any other outcome. */
async function notFound(call: () => Promise<unknown>): Promise<NotFoundError> {
  const error = await caught(call);
  if (!NotFoundError.isInstance(error)) throw error;
  return error;
}

describe("a model id one typo away from a catalog id", () => {
  it("images.generate's 404 names the id meant before the request id, status, code and request id unchanged", async () => {
    const error = await notFound(() => client().images.generate({ model: typo, prompt: "a cat" }));

    expect(error.message).toMatch(/^404 Model gemini-3-pro-image-previw was not found\. /);
    expect(endsWithHint(error, hint)).toBe(true);
    expect(error.status).toBe(404);
    expect(error.code).toBe("not_found");
    expect(error.requestId).toEqual(expect.any(String));
  });

  it("images.edit's 404 names it too", async () => {
    const error = await notFound(() =>
      client().images.edit({ model: typo, prompt: "a cat", images: [png] }),
    );

    expect(endsWithHint(error, hint)).toBe(true);
  });

  it("chat.completions.create's 404 names it, streamed or not", async () => {
    const messages = [{ role: "user" as const, content: "a cat" }];
    const plain = await notFound(() => client().chat.completions.create({ model: typo, messages }));
    const streamed = await notFound(() =>
      client().chat.completions.create({ model: typo, messages, stream: true }),
    );

    for (const error of [plain, streamed]) {
      expect(endsWithHint(error, hint)).toBe(true);
      expect(error.code).toBe("not_found");
    }
  });

  it("a provider prefix the gateway does not take (google/…, as OpenRouter writes ids) names the id after it", async () => {
    const error = await notFound(() =>
      client().images.generate({ model: "google/gemini-3-pro-image-preview", prompt: "a cat" }),
    );

    expect(endsWithHint(error, "Did you mean 'gemini-3-pro-image-preview'?")).toBe(true);
  });

  it("keeps naming the id meant for a slip in a seedream id (seedram-4-5)", async () => {
    const error = await notFound(() =>
      client().images.generate({ model: "seedram-4-5", prompt: "a cat" }),
    );

    expect(endsWithHint(error, "Did you mean 'seedream-4-5'?")).toBe(true);
  });

  it("names the id meant for a version written without its .0 (seedream-4 for seedream-4-0)", async () => {
    const error = await notFound(() =>
      client().images.generate({ model: "seedream-4", prompt: "a cat" }),
    );

    expect(endsWithHint(error, "Did you mean 'seedream-4-0'?")).toBe(true);
  });

  it("names no other version for an id whose version differs (gpt-image-1, an OpenAI id, is not gpt-image-2)", async () => {
    const error = await notFound(() =>
      client().images.generate({ model: "gpt-image-1", prompt: "a cat" }),
    );

    expect(error.message).toMatch(/^404 Model gpt-image-1 was not found\. /);
    expect(error.message).not.toContain("Did you mean");
  });

  it("says nothing more when no catalog id is near", async () => {
    const error = await notFound(() =>
      client().images.generate({ model: "acme/paint-9000", prompt: "a cat" }),
    );

    expect(error.message).not.toContain("Did you mean");
  });
});

describe("a 404 that is not the gateway's about the model", () => {
  // A model newer than Pictor's catalog, which the gateway knows: one edit from openai/gpt-image-2.
  const newer = "openai/gpt-image-3";

  it("says nothing of the model when the answer came from something that is no gateway", async () => {
    server.use(
      http.post(
        `${baseURL}/images/generations`,
        () =>
          new HttpResponse("<html><body>Not Found</body></html>", {
            status: 404,
            headers: { "content-type": "text/html" },
          }),
      ),
    );

    const error = await notFound(() => client().images.generate({ model: newer, prompt: "a cat" }));

    expect(error.message).toContain("check that baseURL points at the gateway");
    expect(error.message).not.toContain("Did you mean");
  });

  it("says nothing of the model when the gateway has no such route (a doubled /v1)", async () => {
    const error = await notFound(() =>
      client({ baseURL: `${baseURL}/v1` }).images.generate({ model: newer, prompt: "a cat" }),
    );

    expect(error.message).toContain("is not a gateway route");
    expect(error.message).not.toContain("Did you mean");
  });
});
