import { decodeBase64, readImageHeader } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import {
  browserPost,
  errorOf,
  pngHeaderDataUrl,
  serverKey,
  upstreamURL,
  useUpstreamGateway,
} from "./__fixtures__/handler-fixtures";
import { createPictorHandler } from "./index";

const { gateway } = useUpstreamGateway();
const handler = createPictorHandler({
  apiKey: serverKey,
  baseURL: upstreamURL,
  policy: { maxPixels: 1024 * 1024 },
});
const asksAbout = (url: string) => ({
  role: "user",
  content: [
    { type: "image_url", image_url: { url } },
    { type: "text", text: "bluer" },
  ],
});

describe("maxPixels counts only the options the model honours", () => {
  it.each([
    [
      "a generation whose aspect_ratio the model ignores (default 2048x2048)",
      "/images/generations",
      { model: "qwen-image-3.0-pro", prompt: "x", aspect_ratio: "1:1" },
    ],
    [
      "an edit whose size the model ignores (output at the input's 3000x3000)",
      "/images/edits",
      {
        model: "reve-create",
        prompt: "x",
        size: "16x16",
        images: [{ image_url: pngHeaderDataUrl(3000, 3000) }],
      },
    ],
    [
      "an edit whose aspect_ratio the model ignores (output at the input's 3000x3000)",
      "/images/edits",
      {
        model: "gpt-image-2",
        prompt: "x",
        aspect_ratio: "1:1",
        images: [{ image_url: pngHeaderDataUrl(3000, 3000) }],
      },
    ],
    [
      "a chat refinement whose aspect_ratio the model ignores",
      "/chat/completions",
      {
        model: "gpt-image-2",
        image_config: { aspect_ratio: "1:1" },
        messages: [asksAbout(pngHeaderDataUrl(3000, 3000))],
      },
    ],
  ])("refuses %s", async (_name, path, body) => {
    const response = await handler(browserPost(path, body));

    if (response.status === 200) {
      // What the gateway actually made, to show the bypass.
      const json = (await response.json()) as {
        data?: { b64_json: string }[];
        choices?: { message: { images?: { image_url: { url: string } }[] } }[];
      };
      const b64 =
        json.data?.[0]?.b64_json ??
        json.choices?.[0]?.message.images?.[0]?.image_url.url.split(",")[1] ??
        "";
      const made = readImageHeader(decodeBase64(b64));
      expect.fail(`forwarded; the gateway made ${made?.width}x${made?.height}`);
    }
    expect(await errorOf(response)).toMatchObject({ code: "max_pixels_exceeded" });
    expect(gateway.calls).toEqual([]);
  });

  it("still counts the options a model honours", async () => {
    const response = await handler(
      browserPost("/images/edits", {
        model: "gemini-3.1-flash-image",
        prompt: "x",
        size: "1K",
        images: [{ image_url: pngHeaderDataUrl(3000, 3000) }],
      }),
    );

    expect(response.status).toBe(200);
  });
});
