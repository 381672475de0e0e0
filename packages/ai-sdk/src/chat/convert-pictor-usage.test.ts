import { describe, expect, it } from "vitest";
import { convertPictorUsage } from "./convert-pictor-usage";

describe("convertPictorUsage", () => {
  it("leaves the image tokens out of the text tokens", () => {
    const usage = convertPictorUsage({
      prompt_tokens: 10,
      completion_tokens: 1300,
      total_tokens: 1310,
      completion_tokens_details: { image_tokens: 1290 },
    });
    expect(usage.outputTokens).toEqual({ total: 1300, text: 10, reasoning: undefined });
  });

  it("says the text tokens are unknown when the gateway does not split them", () => {
    const usage = convertPictorUsage({
      prompt_tokens: 10,
      completion_tokens: 100,
      total_tokens: 110,
    });
    expect(usage.outputTokens).toEqual({ total: 100, text: undefined, reasoning: undefined });
  });
});
