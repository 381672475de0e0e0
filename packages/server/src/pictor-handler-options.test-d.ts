import type { KnownImageModelId } from "@pictor/client";
import { describe, expectTypeOf, it } from "vitest";
import { createPictorHandler } from "./create-pictor-handler";
import type { PictorPolicy } from "./pictor-handler-options";

type AllowedModel = NonNullable<PictorPolicy["allowedModels"]>[number];

describe("policy.allowedModels", () => {
  it("autocompletes the catalog's ids, so a typo is seen in the editor", () => {
    expectTypeOf<KnownImageModelId>().toExtend<AllowedModel>();
    // Not plain `string`: the editor lists the known ids.
    expectTypeOf<AllowedModel>().not.toEqualTypeOf<string>();
  });

  it("still takes any string, a list read from the environment too", () => {
    createPictorHandler({
      apiKey: "sk-test",
      policy: { allowedModels: ["bytedance/seedream-4-5", "my-org/custom-model"] },
    });
    const fromEnvironment: string[] = "zai/cogview-4,my-org/custom-model".split(",");
    createPictorHandler({ apiKey: "sk-test", policy: { allowedModels: fromEnvironment } });
  });
});
