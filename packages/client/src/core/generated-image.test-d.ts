import { describe, expectTypeOf, it } from "vitest";
import type { GeneratedImage } from "./generated-image";

declare const image: GeneratedImage;

describe("bytes()", () => {
  it("is a view of an ArrayBuffer, which Blob, File, Response and crypto.subtle take (TypeScript 5.7+ tells it from shared memory)", async () => {
    const bytes = await image.bytes();
    expectTypeOf(bytes).toEqualTypeOf<Uint8Array<ArrayBuffer>>();
    new Blob([bytes], { type: image.mediaType });
    new File([bytes], "fox.png", { type: image.mediaType });
    new Response(bytes, { headers: { "content-type": image.mediaType } });
    await crypto.subtle.digest("SHA-256", bytes);
    // Handed to a worker without a copy: only an ArrayBuffer can be transferred.
    structuredClone(bytes, { transfer: [bytes.buffer] });
  });
});
