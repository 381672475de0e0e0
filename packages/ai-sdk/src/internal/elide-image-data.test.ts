import { describe, expect, it } from "vitest";
import { elideImageData } from "./elide-image-data";

describe("elideImageData", () => {
  it("shows a long base64 data URL as its head and length, and leaves the rest of the body as it is", () => {
    const url = `data:image/png;base64,${"A".repeat(1000)}`;
    const body = { model: "m", messages: [{ role: "user", content: [{ image_url: { url } }] }] };
    expect(elideImageData(body)).toEqual({
      model: "m",
      messages: [
        {
          role: "user",
          content: [{ image_url: { url: "data:image/png;base64,<1000 characters not shown>" } }],
        },
      ],
    });
  });

  it("leaves text that only starts with 'data:' readable (a prompt about data)", () => {
    const prompt = `data: ${"a long list of numbers, ".repeat(20)}`;
    expect(elideImageData({ content: prompt })).toEqual({ content: prompt });
  });
});
