import { describe, expect, it } from "vitest";
import { errorOf, serverKey, upstreamURL } from "./__fixtures__/handler-fixtures";
import { createPictorHandler } from "./index";

describe("route matching on a hostile path", () => {
  it("answers a path of many slashes in linear time, before authorize runs", async () => {
    const handler = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { authorize: () => false },
    });
    // A path of slashes that does not end in one: `/\/+$/` retries every run from every start.
    const path = `/api/pictor${"/".repeat(60_000)}x`;

    const started = performance.now();
    const response = await handler(new Request(`http://app.test${path}`, { method: "POST" }));
    const elapsed = performance.now() - started;

    expect(response.status).toBe(404);
    await errorOf(response);
    // Quadratic: ~1 s of blocked event loop for one 60 kB request; linear: well under 50 ms.
    expect(elapsed).toBeLessThan(50);
  });

  it("still ignores trailing slashes", async () => {
    const handler = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { authorize: () => false },
    });

    const response = await handler(new Request("http://app.test/api/pictor/models///"));

    expect(response.status).toBe(401);
  });
});
