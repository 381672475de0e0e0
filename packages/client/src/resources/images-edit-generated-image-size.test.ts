import { describe, expect, it } from "vitest";
import { caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { RequestValidationError } from "../core/errors";
import { GeneratedImage } from "../core/generated-image";
import { maxInputImageBytes } from "../core/image-input";

const { gateway, client } = useClientTestServer();
const model = "openai/gpt-image-2";

describe("images.edit: the 20 MiB limit holds for an earlier GeneratedImage too", () => {
  it("refuses a 21 MiB GeneratedImage as it refuses the same bytes as a Uint8Array", async () => {
    // A large PNG (e.g. a 4K render): 21 MiB, so 28 MiB as base64, under the 30 MiB total.
    const bytes = new Uint8Array(maxInputImageBytes + 1024 * 1024);
    bytes.set(await pngOf(64, 64));

    const asBytes = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [bytes] }),
    );
    const asImage = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [new GeneratedImage(bytes)] }),
    );

    expect(RequestValidationError.isInstance(asBytes)).toBe(true);
    expect(RequestValidationError.isInstance(asImage)).toBe(true);
    expect((asImage as RequestValidationError).issues).toEqual(
      (asBytes as RequestValidationError).issues,
    );
    expect(gateway.calls).toHaveLength(0);
  });
});
