import { createMockGateway, type ScriptedFault } from "@pictor/mock";
import { describe, expect, it } from "vitest";
import { createMockFaultRoute } from "./mock-fault-route";

/** A gateway with its fault route, and a POST of `body` to the route. */
function setup() {
  const gateway = createMockGateway({ apiKeys: ["test-key"] });
  const route = createMockFaultRoute(gateway);
  const postFault = (body: unknown) =>
    route(
      new Request("http://playground.test/__mock/faults", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  return { gateway, postFault };
}

describe("/__mock/faults", () => {
  it("queues every fault type @pictor/mock has, with its fields", async () => {
    const faults: ScriptedFault[] = [
      { type: "rate_limit", retryAfterSeconds: 7, retryAfterMs: 1500, retryAfterDate: true },
      { type: "spend_cap" },
      { type: "spend_cap", status: 429 },
      { type: "server_error", status: 529 },
      { type: "content_filter" },
      { type: "no_images", operation: "generateImages" },
      { type: "latency", ms: 10 },
      { type: "connection_reset" },
      { type: "truncated_body" },
      { type: "truncated_stream", operation: "createChatCompletion" },
      { type: "malformed_json" },
      { type: "stream_error", message: "upstream went away" },
    ];
    const { gateway, postFault } = setup();
    const response = await postFault(faults);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ pending: faults.length });
    expect(gateway.faults.pending).toEqual(faults);
  });

  it("makes the next image request answer the gateway's 500 for a model that made no image (no_images)", async () => {
    const { gateway, postFault } = setup();
    expect((await postFault({ type: "no_images" })).status).toBe(200);
    const response = await gateway.fetch(
      new Request("http://gateway.test/v1/images/generations", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer test-key" },
        body: JSON.stringify({ model: "gemini-3.1-flash-image", prompt: "a dot", size: "0.5K" }),
      }),
    );
    expect(response.status).toBe(500);
    expect((await response.json()).error.message).toMatch(/^The model did not generate any images/);
  });

  it("refuses an unknown type naming the ones it takes, and a bad field naming the field", async () => {
    const { gateway, postFault } = setup();
    const unknown = await postFault({ type: "meteor" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toMatch(
      /^Unknown fault type "meteor": use one of .*no_images/,
    );
    const badField = await postFault({ type: "stream_error", message: 42 });
    expect(badField.status).toBe(400);
    expect((await badField.json()).error.message).toBe('"message" must be a string');
    const badStatus = await postFault({ type: "spend_cap", status: 500 });
    expect(badStatus.status).toBe(400);
    expect((await badStatus.json()).error.message).toBe('"status" must be 402 or 429');
    expect(gateway.faults.pending).toEqual([]);
  });
});
