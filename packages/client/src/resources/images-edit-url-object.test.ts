import { describe, expect, it } from "vitest";
import { imageHost, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";

const catURL = `${imageHost}/photos/cat.png?v=2`;
const { gateway, client } = useClientTestServer({
  remoteImages: new Map([[catURL, await pngOf(24, 16)]]),
});
const model = "gemini-3-pro-image-preview";

function sentImageURLs(): unknown[] {
  const body = gateway.calls[0]?.body as { images?: { image_url: unknown }[] } | undefined;
  return (body?.images ?? []).map((image) => image.image_url);
}

describe("images.edit: an https input as a URL object, or with spaces around it", () => {
  it.each([
    ["a URL object", new URL(catURL)],
    // A URL read from a file or pasted into a form: `readFileSync("url.txt", "utf8")`.
    ["a URL with a trailing newline", `${catURL}\n`],
    ["a URL with spaces around it", `  ${catURL} `],
  ])("sends %s as its https URL", async (_, input) => {
    const { warnings } = await client().images.edit({ model, prompt: "x", images: [input] });

    expect(sentImageURLs()).toEqual([catURL]);
    expect(warnings).toEqual([]);
  });

  it("takes a URL object in a chat message too", async () => {
    await client().chat.completions.create({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: new URL(catURL) } },
            { type: "text", text: "as a watercolor" },
          ],
        },
      ],
    });

    expect(gateway.calls[0]?.body).toMatchObject({
      messages: [{ content: [{ image_url: { url: catURL } }, { type: "text" }] }],
    });
  });
});
