import { decodeBase64, readImageHeader } from "@pictor/contract";
import { expect, it } from "vitest";
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

it('refuses a chat refinement with image_size "auto" whose model default is over maxPixels', async () => {
  const handler = createPictorHandler({
    apiKey: serverKey,
    baseURL: upstreamURL,
    policy: { maxPixels: 1024 * 1024 },
  });
  // A 16x16 input makes the handler count 256 pixels; the gateway does not edit at the input's
  // size when image_size is "auto" but at the model's default (2048x2048 for this one).
  const response = await handler(
    browserPost("/chat/completions", {
      model: "qwen-image-3.0-pro",
      image_config: { image_size: "auto" },
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: pngHeaderDataUrl(16, 16) } },
            { type: "text", text: "bluer" },
          ],
        },
      ],
    }),
  );

  if (response.status === 200) {
    const json = (await response.json()) as {
      choices: { message: { images?: { image_url: { url: string } }[] } }[];
    };
    const url = json.choices[0]?.message.images?.[0]?.image_url.url ?? "";
    const made = readImageHeader(decodeBase64(url.split(",")[1] ?? ""));
    expect.fail(`forwarded; the gateway made ${made?.width}x${made?.height}`);
  }
  expect(await errorOf(response)).toMatchObject({
    param: "image_config.image_size",
    code: "max_pixels_exceeded",
  });
  expect(gateway.calls).toEqual([]);
});
