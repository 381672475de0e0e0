import vm from "node:vm";
import { encodeBase64 } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";

const { gateway, client } = useClientTestServer();
const model = "openai/gpt-image-2";
const png = await pngOf(16, 16);
const pngDataURL = `data:image/png;base64,${encodeBase64(png)}`;

/** Bytes made in another realm: a `vm` context, an iframe, a test runner's sandbox (Jest). */
const otherRealm = vm.createContext({});
function foreignBytes(): Uint8Array {
  const bytes = vm.runInContext(`new Uint8Array(${png.length})`, otherRealm) as Uint8Array;
  bytes.set(png);
  return bytes;
}

describe("images.edit: bytes from another realm", () => {
  it.each([
    ["a Uint8Array", () => foreignBytes()],
    ["an ArrayBuffer", () => foreignBytes().buffer],
  ])(
    "sends %s (it fails instanceof here, yet is what the error says is accepted)",
    async (_, input) => {
      expect(input() instanceof Uint8Array || input() instanceof ArrayBuffer).toBe(false);

      await client().images.edit({ model, prompt: "x", images: [input() as Uint8Array] });

      const body = gateway.calls[0]?.body as { images?: { image_url: string }[] } | undefined;
      expect(body?.images).toEqual([{ image_url: pngDataURL }]);
    },
  );
});
