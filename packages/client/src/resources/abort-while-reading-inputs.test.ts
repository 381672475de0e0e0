import { describe, expect, it } from "vitest";
import { caught, settleWithin, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { APIUserAbortError } from "../core/errors";

const { gateway, client } = useClientTestServer();
const png = await pngOf(16, 16);

/**
 * A file whose read never ends (a stalled network share, a disk gone to sleep); its read starts
 * the moment `onRead` is called, where the caller gives up.
 */
class StalledFile extends Blob {
  constructor(readonly onRead: () => void) {
    super([png]);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    this.onRead();
    return new Promise(() => {});
  }
}

describe("aborting while the input images are read", () => {
  it("rejects an edit at once with APIUserAbortError and sends nothing", async () => {
    const controller = new AbortController();
    const file = new StalledFile(() => controller.abort());

    const error = await settleWithin(
      caught(() =>
        client().images.edit(
          { model: "openai/gpt-image-2", prompt: "x", images: [png, file] },
          { signal: controller.signal },
        ),
      ),
      2000,
      "the aborted edit",
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });

  it("rejects a chat completion at once with APIUserAbortError and sends nothing", async () => {
    const controller = new AbortController();
    const file = new StalledFile(() => controller.abort());

    const error = await settleWithin(
      caught(() =>
        client().chat.completions.create(
          {
            model: "gemini-3-pro-image-preview",
            messages: [
              {
                role: "user",
                content: [
                  { type: "image_url", image_url: { url: file } },
                  { type: "text", text: "as a watercolor" },
                ],
              },
            ],
          },
          { signal: controller.signal },
        ),
      ),
      2000,
      "the aborted chat completion",
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });
});
