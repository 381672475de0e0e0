import { describe, expect, it } from "vitest";
import { errorOf, serverKey, upstreamURL } from "./__fixtures__/handler-fixtures";
import { createPictorHandler } from "./index";

describe("route matching on a hostile path", () => {
  it("answers a path of 200,000 slashes that does not end in one at once (/\\/+$/ blocked for ~18 s)", async () => {
    const handler = createPictorHandler({
      apiKey: serverKey,
      baseURL: upstreamURL,
      policy: { authorize: () => false },
    });
    // `/\/+$/` retries every run of slashes from every start: quadratic, ~1.6 s at 60,000
    // slashes, ~18 s at 200,000 (past the test's timeout); a scan is linear.
    const path = `/api/pictor${"/".repeat(200_000)}x`;

    const response = await handler(new Request(`http://app.test${path}`, { method: "POST" }));

    expect(response.status).toBe(404);
    await errorOf(response);
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
