import { describe, expect, it } from "vitest";
import { caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { RequestValidationError } from "../core/errors";

const { gateway, client } = useClientTestServer();
const model = "openai/gpt-image-2";
const png = await pngOf(16, 16);

/** A copy of the PNG's buffer, transferred away (postMessage to a worker, structuredClone). */
function transferred(): ArrayBuffer {
  const buffer = png.slice().buffer;
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

describe("images.edit: bytes whose buffer was transferred (detached)", () => {
  it("an ArrayBuffer is a RequestValidationError naming the input, not a bare TypeError", async () => {
    const error = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [png, transferred()] }),
    );

    expect(RequestValidationError.isInstance(error)).toBe(true);
    expect((error as RequestValidationError).issues).toEqual([
      { path: "images.1", message: expect.stringMatching(/transferred|detached|no bytes/) },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a Uint8Array over it says it holds no bytes, not that it is no PNG", async () => {
    const view = new Uint8Array(png.slice().buffer);
    structuredClone(view.buffer, { transfer: [view.buffer] });

    const error = await caught(() => client().images.edit({ model, prompt: "x", images: [view] }));

    expect((error as RequestValidationError).issues).toEqual([
      { path: "images.0", message: expect.stringMatching(/transferred|detached|no bytes/) },
    ]);
  });
});
