import { listImageModels, zListModelsResponse } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import { bodyOf, errorOf, fixedNow, get, useMockServer } from "../gateway/__fixtures__/mock-server";

const mock = useMockServer();

async function listModels(query = "", init: RequestInit = {}) {
  return bodyOf(zListModelsResponse, await get(`/models${query}`, init));
}

const catalog = listImageModels();
const servedIds = catalog.filter((model) => model.status !== "deactivated").map((m) => m.id);
const deactivatedIds = catalog.filter((model) => model.status === "deactivated").map((m) => m.id);

describe("GET /models", () => {
  it("answers 200 without an API key, in the contract's shape", async () => {
    const response = await get("/models");
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await bodyOf(zListModelsResponse, response);
    expect(body.data.length).toBe(servedIds.length);
  });

  it("answers with Vary: Authorization, x-api-key, as the list can depend on the key", async () => {
    const response = await get("/models");
    expect(response.headers.get("vary")).toBe("Authorization, x-api-key");
    await response.text();
  });

  it("lists every catalog model that is not deactivated, each with image output", async () => {
    const body = await listModels();
    expect(body.data.map((model) => model.id).sort()).toEqual([...servedIds].sort());
    for (const model of body.data) {
      expect(model.architecture.output_modalities).toContain("image");
      // a served model may announce a future deactivation, never a past one
      if (model.deactivated_at) expect(Date.parse(model.deactivated_at)).toBeGreaterThan(fixedNow);
    }
    expect(body.data.find((model) => model.id === "qwen-image-plus")?.deactivated_at).toBe(
      "2026-10-10T00:00:00.000Z",
    );
    expect(deactivatedIds.length).toBeGreaterThan(0);
  });

  it("lists provider mappings with the upstream ids and streaming flags of the catalog", async () => {
    const body = await listModels();
    const gemini = body.data.find((model) => model.id === "gemini-3-pro-image");
    expect(gemini?.providers.map((provider) => provider.providerId)).toEqual([
      "google-ai-studio",
      "glacier",
      "google-vertex",
      "quartz",
    ]);
    expect(gemini?.providers[1]).toMatchObject({
      externalId: "gemini-3-pro-image-preview",
      streaming: true,
      vision: true,
    });
    const cogview = body.data.find((model) => model.id === "cogview-4");
    expect(cogview?.architecture.input_modalities).toEqual(["text"]);
    expect(cogview?.providers[0]).toMatchObject({
      providerId: "zai",
      externalId: "cogView-4-250304",
      streaming: false,
      vision: false,
    });
  });

  it("prices per-image models with pricing.request and per-tier models with pricing.per_image, as strings", async () => {
    const body = await listModels();
    const byId = new Map(body.data.map((model) => [model.id, model]));
    expect(byId.get("seedream-4-5")?.pricing).toMatchObject({ request: "0.045" });
    expect(byId.get("seedream-4-5")?.pricing.per_image).toBeUndefined();
    expect(byId.get("grok-imagine-image-2-0")?.pricing.per_image).toEqual({
      "low/1k": "0.04",
      "low/2k": "0.06",
      "medium/1k": "0.06",
      "medium/2k": "0.08",
      default: "0.06",
    });
    expect(byId.get("qwen-image-3.0-pro")?.pricing.per_image).toEqual({
      "1K": "0.04",
      "2K": "0.075",
    });
    // token-priced: per-token strings, no image output price exposed
    expect(byId.get("gemini-3-pro-image")?.pricing).toMatchObject({
      prompt: "0.000002",
      completion: "0.000012",
      image: "0.000002",
    });
    expect(byId.get("gemini-3-pro-image")?.pricing.request).toBeUndefined();
  });

  it("adds deactivated models, with their deactivated_at date, for include_deactivated=true", async () => {
    const body = await listModels("?include_deactivated=true");
    const ids = body.data.map((model) => model.id);
    expect(ids.sort()).toEqual([...servedIds, ...deactivatedIds].sort());
    expect(body.data.find((model) => model.id === "gemini-2.5-flash-image")?.deactivated_at).toBe(
      "2026-10-02T00:00:00.000Z",
    );
  });

  it("leaves out deactivated models for include_deactivated=false", async () => {
    const body = await listModels("?include_deactivated=false");
    expect(body.data.map((model) => model.id)).not.toContain("gemini-2.5-flash-image");
  });

  it("answers include_restricted=true and no_training=true with the same list (see the README: the reference names them only)", async () => {
    const plain = await listModels();
    expect(
      await listModels("?include_restricted=true", {
        headers: { authorization: "Bearer sk-test" },
      }),
    ).toEqual(plain);
    expect(await listModels("?no_training=true")).toEqual(plain);
  });

  it("lists provider-pinned ids such as alibaba/qwen-image-plus for mapped=true", async () => {
    const body = await listModels("?mapped=true");
    const ids = body.data.map((model) => model.id);
    expect(ids).toContain("alibaba/qwen-image-plus");
    expect(ids).toContain("google-vertex/gemini-3-pro-image");
    expect(ids).toContain("azure/gpt-image-2");
    expect(ids).not.toContain("gemini-3-pro-image");
    const expected = catalog
      .filter((model) => model.status !== "deactivated")
      .flatMap((model) => model.pinned_ids);
    expect(ids.sort()).toEqual([...expected].sort());
  });

  it("describes only its own provider mapping in each mapped=true entry", async () => {
    const body = await listModels("?mapped=true");
    const vertex = body.data.find((model) => model.id === "google-vertex/gemini-3-pro-image");
    expect(vertex?.providers.map((provider) => provider.providerId)).toEqual(["google-vertex"]);
    const azure = body.data.find((model) => model.id === "azure/gpt-image-2");
    expect(azure?.providers.map((provider) => provider.providerId)).toEqual(["azure"]);
  });

  it("leaves out a model past its deactivated_at date (qwen-image-plus, 2026-10-10) unless include_deactivated=true", async () => {
    mock.withGateway({ now: () => Date.parse("2026-11-26T00:00:00.000Z") });
    const served = (await listModels()).data.map((model) => model.id);
    expect(served).not.toContain("qwen-image-plus");
    expect(served).not.toContain("qwen-image-max");
    const all = (await listModels("?include_deactivated=true")).data.map((model) => model.id);
    expect(all).toContain("qwen-image-plus");
  });

  it("accepts a listed key and answers 401 for an unlisted one with createMockGateway({ apiKeys })", async () => {
    mock.withGateway({ apiKeys: ["good"] });
    const ok = await get("/models", { headers: { authorization: "Bearer good" } });
    expect(ok.status).toBe(200);
    await ok.text();
    const error = await errorOf(
      await get("/models", { headers: { authorization: "Bearer bad" } }),
      401,
    );
    expect(error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
    const anonymous = await get("/models");
    expect(anonymous.status).toBe(200);
    await anonymous.text();
  });
});
