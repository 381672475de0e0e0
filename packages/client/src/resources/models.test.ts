import { type Model, zListModelsResponse } from "@pictor/contract";
import { HttpResponse, http } from "msw";
import { describe, expect, expectTypeOf, it } from "vitest";
import { baseURL, caught, useClientTestServer } from "../__fixtures__/client-test-server";
import { RequestValidationError, ResponseValidationError } from "../core/errors";

const { gateway, server, client } = useClientTestServer();

/** Adds a text-only chat model to the gateway's answer (as the real gateway lists them too); returns the image models' ids the gateway sent. */
function withTextModel(): string[] {
  const sentImageIds: string[] = [];
  server.use(
    http.get(`${baseURL}/models`, async ({ request }) => {
      const response = await gateway.fetch(request);
      const { data } = zListModelsResponse.parse(await response.json());
      const [first] = data;
      if (!first) throw new Error("the gateway listed no model");
      const text: Model = {
        ...first,
        id: "gpt-4o-mini",
        name: "GPT-4o mini",
        family: "openai",
        architecture: { input_modalities: ["text", "image"], output_modalities: ["text"] },
      };
      sentImageIds.push(...data.map((model) => model.id));
      return HttpResponse.json({ data: [text, ...data] });
    }),
  );
  return sentImageIds;
}

describe("models.list", () => {
  it("returns only image models by default, typed Model[]", async () => {
    const sentImageIds = withTextModel();

    const models = await client().models.list();

    expectTypeOf(models).toEqualTypeOf<Model[]>();
    expect(sentImageIds.length).toBeGreaterThan(20);
    expect(models.map((model) => model.id)).toEqual(sentImageIds);
    expect(models.map((model) => model.id)).not.toContain("gpt-4o-mini");
    expect(models.every((model) => model.architecture.output_modalities.includes("image"))).toBe(
      true,
    );
    expect(models.map((model) => model.id)).toContain("seedream-4-5");
    // Deactivated models are left out unless asked for.
    expect(models.map((model) => model.id)).not.toContain("gemini-2.5-flash-image");
  });

  it("returns every model with imageOnly: false", async () => {
    const sentImageIds = withTextModel();

    const models = await client().models.list({ imageOnly: false });

    expect(models.map((model) => model.id)).toEqual(["gpt-4o-mini", ...sentImageIds]);
    // imageOnly is Pictor's filter, not a gateway flag.
    expect(gateway.calls[0]?.query).toEqual({});
  });

  it("lists provider-pinned ids with mapped: true", async () => {
    const pictor = client();
    const ids = (await pictor.models.list({ mapped: true })).map((model) => model.id);
    const withDeactivated = (
      await pictor.models.list({ mapped: true, include_deactivated: true })
    ).map((model) => model.id);

    expect(ids).toContain("alibaba/qwen-image-3.0");
    expect(ids).toContain("google-vertex/gemini-3-pro-image");
    expect(ids).not.toContain("qwen-image-3.0");
    // qwen-image-plus was deactivated on 2026-10-10: listed only with include_deactivated.
    expect(ids).not.toContain("alibaba/qwen-image-plus");
    expect(withDeactivated).toContain("alibaba/qwen-image-plus");
    expect(gateway.calls.map((call) => call.query)).toEqual([
      { mapped: "true" },
      { mapped: "true", include_deactivated: "true" },
    ]);
  });

  it("sends each query flag that is true, and none that is false or missing", async () => {
    const pictor = client();
    await pictor.models.list({ include_deactivated: true, exclude_deprecated: true, mapped: true });
    await pictor.models.list({ include_deactivated: false, mapped: false });
    await pictor.models.list({ include_restricted: true, no_training: true });
    const withDeactivated = await pictor.models.list({ include_deactivated: true });

    expect(gateway.calls.map((call) => call.query)).toEqual([
      { include_deactivated: "true", exclude_deprecated: "true", mapped: "true" },
      {},
      { include_restricted: "true", no_training: "true" },
      { include_deactivated: "true" },
    ]);
    expect(gateway.calls.every((call) => call.method === "GET" && call.path === "/v1/models")).toBe(
      true,
    );
    expect(withDeactivated.map((model) => model.id)).toContain("gemini-2.5-flash-image");
  });

  it.each([
    ["null", null, "received null"],
    ['"all"', "all", "received string"],
    ["an array", [], "received an array"],
  ])(
    "refuses %s as params with RequestValidationError, and sends nothing",
    async (_, params, says) => {
      // @ts-expect-error params are an object of filters
      const error = await caught(() => client().models.list(params));

      expect(error).toBeInstanceOf(RequestValidationError);
      expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
        { path: "", message: expect.stringContaining(says) },
      ]);
      expect(gateway.calls).toHaveLength(0);
    },
  );

  it('refuses a filter that is not a boolean ("false" was sent as true), naming it', async () => {
    const error = await caught(() =>
      // @ts-expect-error include_deactivated is a boolean
      client().models.list({ include_deactivated: "false", mapped: 1 }),
    );

    expect(RequestValidationError.isInstance(error) && error.issues).toEqual([
      {
        path: "include_deactivated",
        message: 'Expected true or false, received the string "false"',
        accepted: ["true", "false"],
      },
      {
        path: "mapped",
        message: "Expected true or false, received 1",
        accepted: ["true", "false"],
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("refuses an unknown filter (once silently ignored), with a hint for a near miss", async () => {
    const error = await caught(() =>
      client().models.list(
        JSON.parse('{"imageonly": false, "includeDeactivated": true, "all": true}'),
      ),
    );

    const issues = RequestValidationError.isInstance(error) ? error.issues : [];
    expect(issues.map((issue) => issue.path)).toEqual(["imageonly", "includeDeactivated", "all"]);
    expect(issues[0]?.message).toContain("(did you mean imageOnly?)");
    expect(issues[1]?.message).toContain("(did you mean include_deactivated?)");
    expect(issues[2]?.message).toBe(
      "Unknown filter; models.list takes imageOnly, include_deactivated, exclude_deprecated, mapped, include_restricted, no_training",
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("throws ResponseValidationError when the gateway's list does not match the spec", async () => {
    server.use(http.get(`${baseURL}/models`, () => HttpResponse.json({ data: [{ id: 42 }] })));

    const error = await caught(() => client().models.list());

    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(ResponseValidationError.isInstance(error) && error.body).toEqual({ data: [{ id: 42 }] });
  });
});
