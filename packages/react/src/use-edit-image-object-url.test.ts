import { resolveObjectURL } from "node:buffer";
import { RequestValidationError } from "@pictor/client";
import { renderPromptImage } from "@pictor/mock";
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { type UseEditImageOptions, useEditImage } from "./use-edit-image";
import { useGenerateImage } from "./use-generate-image";

const { gateway, Wrapper } = setupPictorRoute();
const model = "gemini-3.1-flash-image";

/**
 * Gives the page's `fetch` what a browser's (and Node's) has and happy-dom's lacks: reading the
 * page's own object URLs (`blob:`), which the client does for an input image given as one. A
 * revoked or unknown URL fails as in a browser; any other request goes to the `fetch` in place
 * (msw's).
 */
function fetchReadingObjectUrls(): void {
  const fetch = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith("blob:")) return fetch(input, init);
    const blob = resolveObjectURL(url);
    if (!blob) throw new TypeError("Failed to fetch");
    return new Response(await blob.arrayBuffer(), {
      headers: { "content-length": String(blob.size), "content-type": blob.type },
    });
  });
}

/** A `useEditImage` that has edited a photo once: the hook, the image it shows and its URL. */
async function editedOnce(options?: UseEditImageOptions) {
  const { result } = renderHook(() => useEditImage(options), { wrapper: Wrapper });
  const photo = await renderPromptImage({
    prompt: "a cat",
    model,
    index: 0,
    width: 32,
    height: 32,
  });
  await act(() => result.current.editAsync({ model, prompt: "As a watercolor", images: [photo] }));
  const state = result.current;
  if (state.status !== "success") throw new Error("expected success");
  const shown = state.images[0];
  if (!shown) throw new Error("expected an image");
  return { result, shown, url: shown.url };
}

describe("useEditImage with a shown result's url (a blob: object URL) as its input", () => {
  beforeEach(fetchReadingObjectUrls);
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("edits the image another hook shows: its URL is live, read in the page and sent as its bytes", async () => {
    const { result } = renderHook(() => ({ gen: useGenerateImage(), edit: useEditImage() }), {
      wrapper: Wrapper,
    });
    await act(() => result.current.gen.generateAsync({ model, prompt: "A lighthouse" }));
    const state = result.current.gen;
    if (state.status !== "success") throw new Error("expected success");
    const shown = state.images[0];
    if (!shown) throw new Error("expected an image");
    expect(shown.url).toMatch(/^blob:/);

    await act(() =>
      result.current.edit.editAsync({ model, prompt: "At night", images: [shown.url] }),
    );

    expect(result.current.edit.status).toBe("success");
    expect(gateway.calls.map((call) => call.operation)).toEqual(["generateImages", "editImages"]);
    expect(gateway.calls[1]?.body).toMatchObject({ images: [{ image_url: shown.image.dataURL }] });
  });

  it("edits the image the same hook shows by its url: its next request revokes that URL, so the image behind it is sent", async () => {
    const { result, shown, url } = await editedOnce();
    expect(url).toMatch(/^blob:/);

    // Step by step, as a refining page does: the next edit takes what is on show.
    await act(() => result.current.editAsync({ model, prompt: "Now at night", images: [url] }));

    expect(result.current.status).toBe("success");
    expect(gateway.calls).toHaveLength(2);
    expect(gateway.calls[1]?.body).toMatchObject({ images: [{ image_url: shown.image.dataURL }] });
    // The callbacks and the state keep the params as given.
    expect(result.current.status === "success" && result.current.params.images).toEqual([url]);
  });

  it("edits the image the same hook shows by a URL object made from its url, as the client takes URL inputs", async () => {
    const { result, shown, url } = await editedOnce();

    await act(() =>
      result.current.editAsync({ model, prompt: "Now at night", images: [new URL(url)] }),
    );

    expect(result.current.status).toBe("success");
    expect(gateway.calls[1]?.body).toMatchObject({ images: [{ image_url: shown.image.dataURL }] });
  });

  it("a failed edit of the image on show by its url runs again from its params (a Try again button)", async () => {
    const { result, shown, url } = await editedOnce();
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    await act(() =>
      result.current.editAsync({ model, prompt: "Now at night", images: [url] }).catch(() => {}),
    );
    const failed = result.current;
    if (failed.status !== "error") throw new Error(`expected an error, got ${failed.status}`);

    // The state's params still hold the URL, revoked by that request: the image behind it is sent.
    await act(() => result.current.editAsync(failed.params));

    expect(result.current.status).toBe("success");
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 500, 200]);
    expect(gateway.calls[2]?.body).toMatchObject({ images: [{ image_url: shown.image.dataURL }] });
  });

  it('"queue": every edit queued with the url of the image on show sends that image', async () => {
    const { result, shown, url } = await editedOnce({ onConcurrent: "queue" });

    // Three variations of what is on show, queued at once: the first request revokes the URL.
    await act(() =>
      Promise.all(
        ["At dawn", "At noon", "At night"].map((prompt) =>
          result.current.editAsync({ model, prompt, images: [url] }),
        ),
      ),
    );

    expect(result.current.status).toBe("success");
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
    for (const call of gateway.calls.slice(1))
      expect(call.body).toMatchObject({ images: [{ image_url: shown.image.dataURL }] });
  });

  it('"queue": an edit of the url on show queued behind another request still sends that image', async () => {
    const { result, shown, url } = await editedOnce({ onConcurrent: "queue" });
    const other = await renderPromptImage({
      prompt: "a dog",
      model,
      index: 0,
      width: 32,
      height: 32,
    });

    // The first revokes the URL; the one between them does not use it; the last one still does.
    await act(() =>
      Promise.all([
        result.current.editAsync({ model, prompt: "At dawn", images: [url] }),
        result.current.editAsync({ model, prompt: "A dog", images: [other] }),
        result.current.editAsync({ model, prompt: "At night", images: [url] }),
      ]),
    );

    expect(result.current.status).toBe("success");
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
    expect(gateway.calls[3]?.body).toMatchObject({ images: [{ image_url: shown.image.dataURL }] });
  });

  it('"queue": one edit for each image on show, queued at once by their urls, sends each image', async () => {
    const { result } = renderHook(() => useEditImage({ onConcurrent: "queue" }), {
      wrapper: Wrapper,
    });
    const photo = await renderPromptImage({
      prompt: "a cat",
      model,
      index: 0,
      width: 32,
      height: 32,
    });
    await act(() =>
      result.current.editAsync({ model, prompt: "Two styles", images: [photo], n: 2 }),
    );
    const state = result.current;
    if (state.status !== "success") throw new Error("expected success");
    expect(state.images).toHaveLength(2);

    // The page shows them (`<img src={shown.url}>`), then a "vary each" button sends those URLs:
    // the first request revokes both, the second image's included.
    const urls = state.images.map((shown) => shown.url);
    await act(() =>
      Promise.all(
        urls.map((url) =>
          result.current.editAsync({ model, prompt: "A variation", images: [url] }),
        ),
      ),
    );

    expect(result.current.status).toBe("success");
    const edits = gateway.calls.slice(-2);
    expect(edits.map((call) => call.status)).toEqual([200, 200]);
    expect(edits.map((call) => call.body)).toMatchObject(
      state.images.map((shown) => ({ images: [{ image_url: shown.image.dataURL }] })),
    );
  });

  it("by default (abort-previous), the last of three edits made at once by the urls on show sends its image", async () => {
    const { result } = renderHook(() => useEditImage(), { wrapper: Wrapper });
    const photo = await renderPromptImage({
      prompt: "a cat",
      model,
      index: 0,
      width: 32,
      height: 32,
    });
    await act(() =>
      result.current.editAsync({ model, prompt: "Three styles", images: [photo], n: 3 }),
    );
    const state = result.current;
    if (state.status !== "success") throw new Error("expected success");
    expect(state.images).toHaveLength(3);

    // Each edit aborts the one before; the first revoked all three URLs, and the last one runs.
    const urls = state.images.map((shown) => shown.url);
    const settled = await act(() =>
      Promise.allSettled(
        urls.map((url) =>
          result.current.editAsync({ model, prompt: "A variation", images: [url] }),
        ),
      ),
    );

    expect(settled.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(result.current.status).toBe("success");
    expect(gateway.calls.at(-1)?.body).toMatchObject({
      images: [{ image_url: state.images[2]?.image.dataURL }],
    });
  });

  it("refuses a URL revoked before (a reset), naming the input and sending nothing", async () => {
    const { result, shown, url } = await editedOnce();
    act(() => result.current.reset());

    await act(() =>
      result.current.editAsync({ model, prompt: "Now at night", images: [url] }).catch(() => {}),
    );

    const failed = result.current;
    if (failed.status !== "error") throw new Error(`expected an error, got ${failed.status}`);
    expect(RequestValidationError.isInstance(failed.error)).toBe(true);
    expect((failed.error as RequestValidationError).issues).toEqual([
      {
        path: "images.0",
        message: expect.stringMatching(/revoked.*pass the image itself: shown\.image/),
      },
    ]);
    expect(gateway.calls).toHaveLength(1);

    // What the message advises works: the image itself, which no revocation touches.
    await act(() =>
      result.current.editAsync({ model, prompt: "Now at night", images: [shown.image] }),
    );
    expect(result.current.status).toBe("success");
    expect(gateway.calls[1]?.body).toMatchObject({ images: [{ image_url: shown.image.dataURL }] });
  });
});
