import { describe, expect, it } from "vitest";
import {
  browserPost,
  errorOf,
  mountURL,
  serverKey,
  upstreamURL,
  useUpstreamGateway,
} from "./__fixtures__/handler-fixtures";
import { createPictorHandler } from "./index";

const { gateway } = useUpstreamGateway();
const handler = createPictorHandler({ apiKey: serverKey, baseURL: upstreamURL, policy: {} });

describe("a body of millions of tiny JSON values", () => {
  it("is refused without being parsed (default maxBodyBytes)", async () => {
    // 32 MiB of `{},` — under the default limit — is ~11 million objects once parsed.
    const count = Math.floor((32 * 1024 * 1024 - 32) / 3);
    const body = `{"prompt":"x","junk":[${"{},".repeat(count - 1)}{}]}`;

    const response = await handler(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
    // Parsed, it would pass the schema (unknown fields are stripped) and be forwarded with 200,
    // after seconds of blocked event loop and ~750 MB of heap.
    expect(response.status).toBe(413);
    expect((await errorOf(response)).message).toBe(
      "Request body too large: it holds more than 100000 JSON values",
    );
    expect(gateway.calls).toEqual([]);
  }, 60_000);

  it("still forwards a long conversation and strings full of brackets and escaped quotes", async () => {
    const messages = Array.from({ length: 2000 }, (_, index) => ({
      role: index % 2 === 0 ? "user" : "assistant",
      content: `turn ${index}: [{,}] \\"{[,`,
    }));
    messages.push({ role: "user", content: "a fox" });

    const response = await handler(
      browserPost("/chat/completions", { model: "gemini-3.1-flash-image", messages }),
    );

    expect(response.status).toBe(200);
    expect(gateway.calls).toHaveLength(1);
  });
});
