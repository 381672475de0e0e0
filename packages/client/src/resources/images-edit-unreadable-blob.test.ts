import { openAsBlob } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { RequestValidationError } from "../core/errors";

const { gateway, client } = useClientTestServer();
const model = "openai/gpt-image-2";
const png = await pngOf(16, 16);
const dir = await mkdtemp(join(tmpdir(), "pictor-blob-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("images.edit: a Blob that cannot be read", () => {
  // A file-backed Blob (`fs.openAsBlob`, a browser's <input type="file">) whose file changed or
  // went away since it was picked rejects `arrayBuffer()` with NotReadableError.
  it("is a RequestValidationError naming the input, not a bare DOMException", async () => {
    const path = join(dir, "photo.png");
    await writeFile(path, png);
    const blob = await openAsBlob(path);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(path, new Uint8Array([...png, 1, 2, 3]));

    const error = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [png, blob] }),
    );

    expect(RequestValidationError.isInstance(error)).toBe(true);
    expect((error as RequestValidationError).issues).toEqual([
      { path: "images.1", message: expect.stringContaining("could not be read") },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });
});
