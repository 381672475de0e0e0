import { describe, expect, it } from "vitest";
import { readCappedJson } from "./read-capped-json";

const post = (body: BodyInit | null) =>
  new Request("https://gateway.test/", { method: "POST", body });

describe("readCappedJson", () => {
  it("parses a JSON body and counts its bytes", async () => {
    expect(await readCappedJson(post('{"n":1}'), 100)).toEqual({
      ok: true,
      value: { n: 1 },
      bytes: 7,
    });
  });

  it.each([
    ["too_large", '{"prompt":"a long one"}', 10],
    ["empty", "", 100],
    ["not_json", "{nope", 100],
  ] as const)("says %s, for each reader to word", async (reason, body, maxBytes) => {
    expect(await readCappedJson(post(body), maxBytes)).toEqual({ ok: false, reason });
  });
});
