import type { SharedV4Warning } from "@ai-sdk/provider";
import { type ChatMessage, maxInputImagesTotalChars } from "@pictor/client";
import { describe, expect, it } from "vitest";
import { fitInputImages } from "./fit-input-images";

/** An assistant turn with one image whose data URL is `chars` long. */
function made(chars: number, tag: string): ChatMessage {
  const url = `data:image/png;base64,${tag}${"A".repeat(chars - 22 - tag.length)}`;
  return { role: "assistant", content: [{ type: "image_url", image_url: { url } }] };
}

describe("fitInputImages", () => {
  it("leaves a conversation within both limits alone", () => {
    const messages: ChatMessage[] = [{ role: "user", content: "A fox" }, made(1000, "first")];
    const warnings: SharedV4Warning[] = [];
    expect(fitInputImages(messages, 1, 3, "m", warnings)).toBe(1);
    expect(messages[1]).toEqual(made(1000, "first"));
    expect(warnings).toEqual([]);
  });

  it("leaves the made images in when the user's own images alone are over the limit (the call is refused for those)", () => {
    const userImage = {
      type: "image_url" as const,
      image_url: { url: `data:image/png;base64,${"A".repeat(1000)}` },
    };
    const messages: ChatMessage[] = [
      { role: "user", content: [userImage, userImage, userImage, userImage] },
      made(1000, "first"),
    ];
    const warnings: SharedV4Warning[] = [];
    expect(fitInputImages(messages, 5, 3, "m", warnings)).toBe(5);
    expect(messages[1]).toEqual(made(1000, "first"));
    expect(warnings).toEqual([]);
  });

  it("leaves out the oldest made images when together they are more than one request carries", () => {
    const big = Math.ceil(maxInputImagesTotalChars * 0.4);
    const messages: ChatMessage[] = [
      { role: "user", content: "A fox" },
      made(big, "first"),
      { role: "user", content: "bluer" },
      made(big, "second"),
      { role: "user", content: "darker" },
      made(big, "third"),
      { role: "user", content: "again" },
    ];
    const warnings: SharedV4Warning[] = [];

    // No count limit (an unknown model): only the size decides.
    const left = fitInputImages(messages, 3, Number.POSITIVE_INFINITY, "m", warnings);

    expect(left).toBe(2);
    expect(messages[1]).toEqual({ role: "assistant", content: null });
    expect(messages[3]).toEqual(made(big, "second"));
    expect(messages[5]).toEqual(made(big, "third"));
    expect(warnings).toEqual([
      {
        type: "other",
        message:
          "1 image(s) from earlier assistant turns were not sent back: one request carries at most 30 MiB of images, so the oldest were left out",
      },
    ]);
  });
});
