import { encodeBase64 } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";

const { gateway, client } = useClientTestServer();
const model = "openai/gpt-image-2";
const png = await pngOf(33, 7);
const pngDataURL = `data:image/png;base64,${encodeBase64(png)}`;

function sentImageURLs(): unknown[] {
  const body = gateway.calls[0]?.body as { images?: { image_url: unknown }[] } | undefined;
  return (body?.images ?? []).map((image) => image.image_url);
}

describe("images.edit: a data URL with whitespace in its base64 (as bare base64 is accepted)", () => {
  it.each([
    // `readFileSync("photo.txt", "utf8")`, `$(base64 photo.png)`, a value pasted from a textarea
    ["a trailing newline", `${pngDataURL}\n`],
    // `base64` (GNU) and `openssl base64` wrap at 76 / 64 characters
    [
      "line-wrapped base64 (MIME style)",
      `data:image/png;base64,${(encodeBase64(png).match(/.{1,76}/g) ?? []).join("\r\n")}`,
    ],
  ])("sends %s as the same PNG data URL", async (_, input) => {
    await client().images.edit({ model, prompt: "x", images: [input] });

    expect(sentImageURLs()).toEqual([pngDataURL]);
  });
});
