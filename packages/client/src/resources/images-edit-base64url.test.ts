import { encodeBase64 } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";

const { gateway, client } = useClientTestServer();
const model = "openai/gpt-image-2";
// 33×7: a PNG whose length is not a multiple of 3, so its base64 ends in padding.
const png = await pngOf(33, 7);
const pngDataURL = `data:image/png;base64,${encodeBase64(png)}`;

describe("images.edit: base64 in the URL-safe alphabet or without padding", () => {
  it.each([
    ["Buffer's base64url", () => Buffer.from(png).toString("base64url")],
    ["base64 without its padding", () => encodeBase64(png).replace(/=+$/, "")],
  ])("sends %s as the PNG it holds", async (_, input) => {
    expect(input()).not.toBe(encodeBase64(png));

    await client().images.edit({ model, prompt: "x", images: [input()] });

    const body = gateway.calls[0]?.body as { images?: { image_url: string }[] } | undefined;
    expect(body?.images).toEqual([{ image_url: pngDataURL }]);
  });
});
