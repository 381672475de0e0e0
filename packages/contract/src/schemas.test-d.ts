import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod/mini";
import type { components, paths } from "./generated/openapi";
import type * as schemas from "./generated/schemas";

/** Exact type equality (not mutual assignability): optional vs required and readonly count. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Components = components["schemas"];
type ZodOf<K extends string> = `z${K}` extends keyof typeof schemas
  ? (typeof schemas)[`z${K}`]
  : never;

/** The component names whose zod schema's input type differs from openapi-typescript's type. */
type MismatchedComponents = {
  [K in keyof Components & string]: ZodOf<K> extends z.ZodMiniType
    ? Equal<z.input<ZodOf<K>>, Components[K]> extends true
      ? never
      : K
    : K;
}[keyof Components & string];

type JsonBody<P extends keyof paths> = paths[P]["post"] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;
type JsonResponse<P extends keyof paths, M extends "get" | "post"> = paths[P][M] extends {
  responses: { 200: { content: { "application/json": infer R } } };
}
  ? R
  : never;

describe("generated zod schemas match the openapi-typescript types", () => {
  it("has a zod schema with the same type for every component schema", () => {
    expectTypeOf<MismatchedComponents>().toEqualTypeOf<never>();
  });

  it("validates request bodies as callers write them (defaults optional)", () => {
    expectTypeOf<z.input<typeof schemas.zGenerateImagesBody>>().toEqualTypeOf<
      JsonBody<"/images/generations">
    >();
    expectTypeOf<z.input<typeof schemas.zEditImagesBody>>().toEqualTypeOf<
      JsonBody<"/images/edits">
    >();
    expectTypeOf<z.input<typeof schemas.zCreateChatCompletionBody>>().toEqualTypeOf<
      JsonBody<"/chat/completions">
    >();
  });

  it("parses responses into the response types", () => {
    expectTypeOf<z.output<typeof schemas.zGenerateImagesResponse>>().toEqualTypeOf<
      JsonResponse<"/images/generations", "post">
    >();
    expectTypeOf<z.output<typeof schemas.zEditImagesResponse>>().toEqualTypeOf<
      JsonResponse<"/images/edits", "post">
    >();
    expectTypeOf<z.output<typeof schemas.zCreateChatCompletionResponse>>().toEqualTypeOf<
      JsonResponse<"/chat/completions", "post">
    >();
    expectTypeOf<z.output<typeof schemas.zListModelsResponse>>().toEqualTypeOf<
      JsonResponse<"/models", "get">
    >();
    expectTypeOf<z.output<typeof schemas.zChatCompletionChunk>>().toEqualTypeOf<
      Components["ChatCompletionChunk"]
    >();
    expectTypeOf<z.output<typeof schemas.zErrorResponse>>().toEqualTypeOf<
      Components["ErrorResponse"]
    >();
  });
});
