import { describe, expect, it } from "vitest";
import { useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import type { ImageEditParams } from "../core/image-params";

const { gateway, client } = useClientTestServer();

const photo = await pngOf(1024, 1024, "edit input");

describe("images.edit with generate's quality names standard and hd", () => {
  // The types take them for a model known at run time only (a form, the CLI's --quality, the AI
  // SDK's providerOptions), as generate does; /images/edits has no such values.
  it.each([
    ["hd", "high"],
    ["standard", "medium"],
  ] as const)(
    "sends %s as %s, the quality the gateway reads it as on generations",
    async (quality, sent) => {
      const model: string = "openai/gpt-image-2";
      const params: ImageEditParams = { model, prompt: "Make it blue", images: [photo], quality };

      const result = await client().images.edit(params);

      expect(result.images).toHaveLength(1);
      expect(gateway.calls.map((call) => call.body)).toMatchObject([{ quality: sent }]);
      // The caller's params are theirs: not rewritten.
      expect(params.quality).toBe(quality);
    },
  );

  it("still refuses them on a model without a quality setting, naming quality", async () => {
    const model: string = "gemini-3-pro-image";
    const error = await client()
      .images.edit({ model, prompt: "Make it blue", images: [photo], quality: "hd" })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: "RequestValidationError",
      issues: [{ path: "quality", message: expect.stringContaining("has no quality setting") }],
    });
    expect(gateway.calls).toHaveLength(0);
  });
});
