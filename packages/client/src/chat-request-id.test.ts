// The reference gateway sets the `x-request-id` response header in its images handler; for chat
// completions the id is in `metadata.request_id` (llmgateway-api.md §2.1 last bullet, §2.5
// "chat exposes it as metadata.request_id"; a chat response header "was not verified").
// The mock sets the header on every answer, so a client that reads only the header looks fine.
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { baseURL, useClientTestServer } from "./__fixtures__/client-test-server";

const { gateway, server, client } = useClientTestServer();

/** Chat completions answered by the mock gateway, minus its `x-request-id` header. */
function chatWithoutRequestIdHeader(): void {
  server.use(
    http.post(`${baseURL}/chat/completions`, async ({ request }) => {
      const answer = await gateway.fetch(request);
      const headers = new Headers(answer.headers);
      headers.delete("x-request-id");
      return new HttpResponse(await answer.text(), { status: answer.status, headers });
    }),
  );
}

describe("a chat completion's request id when only metadata.request_id carries it", () => {
  it("chat.completions.create reports metadata.request_id", async () => {
    chatWithoutRequestIdHeader();
    const completion = await client().chat.completions.create({
      model: "gemini-3-pro-image",
      messages: [{ role: "user", content: "A fox" }],
    });
    expect(completion.metadata?.request_id).toMatch(/^[0-9a-z]{40}$/);
    expect(completion.requestId).toBe(completion.metadata?.request_id);
  });

  it("images.generate routed through chat (seed) reports it too", async () => {
    chatWithoutRequestIdHeader();
    const result = await client().images.generate({
      model: "alibaba/qwen-image-3.0",
      prompt: "A fox",
      seed: 7,
    });
    expect(gateway.calls.map((call) => call.path)).toEqual(["/v1/chat/completions"]);
    expect(result.requestId).toBe(gateway.calls[0]?.requestId);
  });
});
