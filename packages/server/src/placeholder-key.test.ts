import { createMockGateway } from "@pictor/mock";
import { listen } from "@pictor/mock/node";
import { expect, it } from "vitest";
import { mountURL } from "./__fixtures__/handler-fixtures";
import { createPictorHandler } from "./index";

// The testing guide's route under test, and `npx pictor-mock` in development: the mock takes any
// key, so the route's is a placeholder such as "test", which appears in ordinary words.
it('leaves words that hold a placeholder key ("test") as the gateway sent them: "fastest", a revised prompt', async () => {
  const upstream = await listen({ port: 0, gateway: createMockGateway() });
  try {
    const handler = createPictorHandler({ apiKey: "test", baseURL: upstream.url, policy: {} });

    const models = await handler(new Request(`${mountURL}/models`));
    const generation = await handler(
      new Request(`${mountURL}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "A test of a fox" }),
      }),
    );

    const list = await models.text();
    expect(list).not.toContain("[redacted]");
    expect(list).toContain("fastest");
    const body: { data: { revised_prompt?: string }[] } = await generation.json();
    expect(body.data[0]?.revised_prompt).toContain("A test of a fox");
  } finally {
    await upstream.close();
  }
});
