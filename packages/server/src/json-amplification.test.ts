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

    const started = performance.now();
    const response = await handler(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
    const elapsed = performance.now() - started;

    expect(response.status).toBe(413);
    await errorOf(response);
    // Parsing it first blocks the event loop for seconds (and ~750 MB of heap).
    expect(elapsed).toBeLessThan(1000);
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
