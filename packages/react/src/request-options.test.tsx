// The hooks' `requestOptions` reach the wire: each field the client takes per call shows on the
// Request msw intercepts from the real fetch, not only on an init a test double records.
import { encodeBase64, renderPromptImage } from "@pictor/mock";
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { useEditImage } from "./use-edit-image";
import { useGenerateImage } from "./use-generate-image";
import { useModels } from "./use-models";

const { server, Wrapper } = setupPictorRoute();

/** The `credentials` and `referrerPolicy` of each request msw sees, by path. */
function seenOnTheWire(): string[] {
  const seen: string[] = [];
  server.events.on("request:start", ({ request }) => {
    seen.push(`${new URL(request.url).pathname} ${request.credentials} ${request.referrerPolicy}`);
  });
  return seen;
}

// Not `cache`: happy-dom's Request has no such field, so no test here could see it arrive.
const fetchOptions = { credentials: "include", referrerPolicy: "no-referrer" } as const;

describe("requestOptions.fetchOptions", () => {
  it("useGenerateImage sends its request with them", async () => {
    const seen = seenOnTheWire();
    const { result } = renderHook(() => useGenerateImage({ requestOptions: { fetchOptions } }), {
      wrapper: Wrapper,
    });
    await act(() => result.current.generateAsync({ model: "gpt-image-2", prompt: "A fox" }));
    expect(result.current.status).toBe("success");
    expect(seen).toEqual(["/api/pictor/images/generations include no-referrer"]);
  });

  it("useEditImage sends its request with them", async () => {
    const seen = seenOnTheWire();
    const png = await renderPromptImage({
      prompt: "a cat",
      model: "m",
      index: 0,
      width: 64,
      height: 64,
    });
    const photo = `data:image/png;base64,${encodeBase64(png)}`;
    const { result } = renderHook(() => useEditImage({ requestOptions: { fetchOptions } }), {
      wrapper: Wrapper,
    });
    await act(() =>
      result.current.editAsync({
        model: "gemini-3.1-flash-image",
        prompt: "As a watercolor",
        images: [photo],
      }),
    );
    expect(result.current.status).toBe("success");
    expect(seen).toEqual(["/api/pictor/images/edits include no-referrer"]);
  });

  it("useModels fetches the list with them", async () => {
    const seen = seenOnTheWire();
    const { result } = renderHook(
      () => useModels({ staleTime: 0, requestOptions: { fetchOptions } }),
      { wrapper: Wrapper },
    );
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(seen).toEqual(["/api/pictor/models include no-referrer"]);
  });
});
