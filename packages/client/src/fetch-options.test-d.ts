import { describe, expectTypeOf, it } from "vitest";
import type { FetchOptions } from "./client-options";
import { Pictor } from "./pictor";

declare const pictor: Pictor;
declare const dispatcher: object;
const model = "gemini-3-pro-image-preview";

describe("fetchOptions", () => {
  it("is taken by the client and by each call, as the same type", () => {
    new Pictor({ fetchOptions: { dispatcher, keepalive: true } });
    pictor.images.generate({ model, prompt: "A fox" }, { fetchOptions: { dispatcher } });
    pictor.images.edit(
      { model: "openai/gpt-image-2", prompt: "A fox", images: [] },
      { fetchOptions: { proxy: "" } },
    );
    pictor.chat.completions.create(
      { model, messages: [] },
      { fetchOptions: { cache: "no-store" } },
    );
    pictor.chat.completions.create(
      { model, messages: [], stream: true },
      { fetchOptions: { client: dispatcher } },
    );
    pictor.models.list({}, { fetchOptions: { redirect: "error" } });
    expectTypeOf<Parameters<typeof pictor.models.list>[1]>()
      .exclude<undefined>()
      .toHaveProperty("fetchOptions")
      .toEqualTypeOf<FetchOptions | undefined>();
  });

  it("refuses what each request sets, in the client's and in a call's", () => {
    // @ts-expect-error: the method is the request's own
    new Pictor({ fetchOptions: { method: "GET" } });
    // @ts-expect-error: the method is the request's own
    pictor.images.generate({ model, prompt: "A fox" }, { fetchOptions: { method: "GET" } });
    // @ts-expect-error: headers are the `headers` option
    pictor.models.list({}, { fetchOptions: { headers: {} } });
  });
});
