import { describe, expectTypeOf, it } from "vitest";
import { imageFromFile } from "./files";

describe("imageFromFile", () => {
  it("reads a view of an ArrayBuffer, which Blob and Response take as well as images.edit", async () => {
    const bytes = await imageFromFile("photo.png");
    expectTypeOf(bytes).toEqualTypeOf<Uint8Array<ArrayBuffer>>();
    new Blob([bytes]);
    new Response(bytes);
  });
});
