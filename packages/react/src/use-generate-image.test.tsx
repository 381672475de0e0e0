import {
  APIUserAbortError,
  type ImageResult,
  RateLimitError,
  RequestValidationError,
} from "@pictor/client";
import { act, fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { useCallback, useEffect, useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { type UseGenerateImageOptions, useGenerateImage } from "./use-generate-image";

const { gateway, holdNext, Wrapper } = setupPictorRoute();
const model = "gemini-3.1-flash-image";

function Generator({ n = 1 }: { n?: number }) {
  const image = useGenerateImage();
  return (
    <div>
      <button
        type="button"
        // GPT Image makes up to 10 images in one call: one request for the whole of n.
        onClick={() => image.generate({ model: "gpt-image-2", prompt: "A lighthouse", n })}
      >
        Generate
      </button>
      <p>status: {image.status}</p>
      {image.status === "success" &&
        image.images.map((shown, index) => (
          <img
            key={shown.url}
            src={shown.url}
            width={shown.width}
            height={shown.height}
            alt={`result ${index + 1}`}
          />
        ))}
      {image.status === "error" && <p role="alert">{image.error.name}</p>}
    </div>
  );
}

describe("success", () => {
  it("renders each generated image from a blob: URL", async () => {
    render(<Generator n={2} />, { wrapper: Wrapper });
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    expect(screen.getByText("status: pending")).toBeTruthy();

    const images = await screen.findAllByRole("img");
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.getAttribute("src")).toMatch(/^blob:/);
      expect(image.getAttribute("width")).toBe("1024");
    }
    expect(new Set(images.map((image) => image.getAttribute("src"))).size).toBe(2);
    expect(gateway.calls.map((call) => [call.operation, call.status])).toEqual([
      ["generateImages", 200],
    ]);
  });

  it("generateAsync resolves with the client's ImageResult, the same one the state holds", async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    let returned: ImageResult | undefined;
    await act(async () => {
      returned = await result.current.generateAsync({ model, prompt: "A fox", n: 3 });
    });
    const state = result.current;
    expect(state.status).toBe("success");
    if (state.status !== "success") return;
    expect(state.result).toBe(returned);
    expect(state.images.map((image) => image.image)).toEqual(returned?.images);
    expect(state.params).toEqual({ model, prompt: "A fox", n: 3 });
    expect(state.result.cost?.usd).toBeGreaterThan(0);
    expect(state.images[0]?.blob.type).toBe("image/png");
  });

  it("keeps generate, generateAsync, abort and reset identical across renders", async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    const first = result.current;
    await act(() => result.current.generateAsync({ model, prompt: "A fox" }));
    expect(result.current).not.toBe(first);
    expect(result.current.generate).toBe(first.generate);
    expect(result.current.generateAsync).toBe(first.generateAsync);
    expect(result.current.abort).toBe(first.abort);
    expect(result.current.reset).toBe(first.reset);
  });
});

describe("errors", () => {
  it("puts a 429 in the state as a RateLimitError, without throwing from generate", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 3 });
    render(<Generator />, { wrapper: Wrapper });
    fireEvent.click(screen.getByRole("button", { name: "Generate" }));
    expect((await screen.findByRole("alert")).textContent).toBe("RateLimitError");
  });

  it("types the error so a page can read the status and Retry-After", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 3 });
    const onError = vi.fn();
    const { result } = renderHook(() => useGenerateImage({ onError }), { wrapper: Wrapper });
    act(() => result.current.generate({ model, prompt: "A fox" }));
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    if (state.status !== "error") throw new Error("expected the error state");
    expect(RateLimitError.isInstance(state.error)).toBe(true);
    if (!RateLimitError.isInstance(state.error)) return;
    expect(state.error.status).toBe(429);
    expect(state.error.retryAfterMs).toBe(3000);
    expect(state.params.prompt).toBe("A fox");
    // Like TanStack Query's, the callback gets the request's parameters too.
    expect(onError).toHaveBeenCalledExactlyOnceWith(state.error, { model, prompt: "A fox" });
    // maxRetries: 0 on the provider's client: one call, no retry.
    expect(gateway.calls).toHaveLength(1);
  });

  it("rejects generateAsync with the same error", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    let caught: unknown;
    await act(async () => {
      caught = await result.current.generateAsync({ model, prompt: "A fox" }).catch((e) => e);
    });
    expect(result.current.status).toBe("error");
    expect(result.current.status === "error" && result.current.error).toBe(caught);
  });

  it("reports bad input caught before sending as a RequestValidationError, with nothing sent", async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    // A `number` variable passes the types; the client checks it at run time.
    const n: number = 42;
    act(() => result.current.generate({ model, prompt: "A fox", n }));
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    expect(state.status === "error" && RequestValidationError.isInstance(state.error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });
});

describe("callbacks", () => {
  it("an onSuccess that throws fails the request with its error instead of escaping unhandled", async () => {
    const bug = new TypeError("gallery is undefined");
    const onError = vi.fn();
    const onSuccess = () => {
      throw bug;
    };
    const { result } = renderHook(() => useGenerateImage({ onSuccess, onError }), {
      wrapper: Wrapper,
    });
    let caught: unknown;
    await act(async () => {
      caught = await result.current.generateAsync({ model, prompt: "A fox" }).catch((e) => e);
    });
    expect(caught).toBe(bug);
    expect(result.current.status === "error" && result.current.error).toBe(bug);
    // As in TanStack Query, onError hears of it with the request's parameters.
    expect(onError).toHaveBeenCalledExactlyOnceWith(bug, { model, prompt: "A fox" });
  });

  it("a rejected promise from an async onSuccess lands in the state of a fire-and-forget generate", async () => {
    const onSuccess = async () => {
      await Promise.resolve();
      throw new Error("could not save the image");
    };
    const { result } = renderHook(() => useGenerateImage({ onSuccess }), { wrapper: Wrapper });
    act(() => result.current.generate({ model, prompt: "A fox" }));
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    expect(state.status === "error" && state.error.message).toBe("could not save the image");
  });

  it("an async onSuccess is awaited before the state shows the result", async () => {
    let finishSaving = () => {};
    const saved = new Promise<void>((resolve) => {
      finishSaving = resolve;
    });
    const onSuccess = vi.fn(() => saved);
    const { result } = renderHook(() => useGenerateImage({ onSuccess }), { wrapper: Wrapper });
    let done: Promise<ImageResult> | undefined;
    act(() => {
      done = result.current.generateAsync({ model, prompt: "A fox" });
    });
    await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    await act(async () => {});
    // Still saving: as with TanStack Query, the request is not done until its callback is.
    expect(result.current.status).toBe("pending");
    finishSaving();
    await act(async () => {
      await done;
    });
    expect(result.current.status).toBe("success");
  });

  it("abort() while an async onSuccess runs goes back to idle and stays there", async () => {
    let finishSaving = () => {};
    const saved = new Promise<void>((resolve) => {
      finishSaving = resolve;
    });
    const onSuccess = vi.fn(() => saved);
    const { result } = renderHook(() => useGenerateImage({ onSuccess }), { wrapper: Wrapper });
    let done: Promise<ImageResult> | undefined;
    act(() => {
      done = result.current.generateAsync({ model, prompt: "A fox" });
    });
    await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    act(() => result.current.abort());
    expect(result.current.status).toBe("idle");
    finishSaving();
    // The request itself had finished: its promise still gets the result.
    await act(async () => {
      await expect(done).resolves.toMatchObject({ model });
    });
    expect(result.current.status).toBe("idle");
  });

  it("an onError that throws shows what it threw, and rejects generateAsync with it", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    const bug = new TypeError("toast is not a function");
    const onError = () => {
      throw bug;
    };
    const { result } = renderHook(() => useGenerateImage({ onError }), { wrapper: Wrapper });
    let caught: unknown;
    await act(async () => {
      caught = await result.current.generateAsync({ model, prompt: "A fox" }).catch((e) => e);
    });
    expect(caught).toBe(bug);
    expect(result.current.status === "error" && result.current.error).toBe(bug);
  });

  it('a thrown string is the error\'s message; another value is named by its type, never "[object Object]", and kept as the cause', async () => {
    const cyclic: Record<string, unknown> = { step: "save" };
    cyclic.self = cyclic;
    const key = "sk-live-0123456789abcdef";
    const cases: [unknown, string][] = [
      ["gallery is full", "gallery is full"],
      [{ code: "E_QUOTA", left: 0 }, "object thrown"],
      [Object.create(null), "object thrown"],
      [cyclic, "object thrown"],
      [42, "number thrown"],
      // What may quote the key is never rendered into the message.
      [{ request: { headers: { Authorization: `Bearer ${key}` } } }, "object thrown"],
    ];
    for (const [thrown, message] of cases) {
      const onSuccess = () => {
        throw thrown;
      };
      const { result, unmount } = renderHook(() => useGenerateImage({ onSuccess }), {
        wrapper: Wrapper,
      });
      await act(() => result.current.generateAsync({ model, prompt: "A fox" }).catch(() => {}));
      const state = result.current;
      if (state.status !== "error") throw new Error("expected the error state");
      expect(state.error).toBeInstanceOf(Error);
      expect(state.error.message).toBe(message);
      expect(state.error.message).not.toContain(key);
      expect(state.error.cause).toBe(thrown);
      unmount();
    }
  });

  it("onSettled runs after onSuccess with the result, null and the params, and is awaited", async () => {
    const calls: string[] = [];
    let finishCleanup = () => {};
    const cleanedUp = new Promise<void>((resolve) => {
      finishCleanup = resolve;
    });
    const onSuccess = vi.fn(() => {
      calls.push("onSuccess");
    });
    const onSettled = vi.fn(() => {
      calls.push("onSettled");
      return cleanedUp;
    });
    const { result } = renderHook(() => useGenerateImage({ onSuccess, onSettled }), {
      wrapper: Wrapper,
    });
    let done: Promise<ImageResult> | undefined;
    act(() => {
      done = result.current.generateAsync({ model, prompt: "A fox" });
    });
    await waitFor(() => expect(onSettled).toHaveBeenCalledOnce());
    await act(async () => {});
    // As with TanStack Query, the request is not done until onSettled is.
    expect(result.current.status).toBe("pending");
    finishCleanup();
    let returned: ImageResult | undefined;
    await act(async () => {
      returned = await done;
    });
    expect(calls).toEqual(["onSuccess", "onSettled"]);
    expect(onSettled).toHaveBeenCalledExactlyOnceWith(returned, null, { model, prompt: "A fox" });
    expect(result.current.status === "success" && result.current.result).toBe(returned);
  });

  it("onSettled runs after onError with undefined, the error and the params", async () => {
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 3 });
    const calls: string[] = [];
    const onError = vi.fn(() => {
      calls.push("onError");
    });
    const onSettled = vi.fn(() => {
      calls.push("onSettled");
    });
    const { result } = renderHook(() => useGenerateImage({ onError, onSettled }), {
      wrapper: Wrapper,
    });
    act(() => result.current.generate({ model, prompt: "A fox" }));
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    if (state.status !== "error") throw new Error("expected the error state");
    expect(RateLimitError.isInstance(state.error)).toBe(true);
    expect(calls).toEqual(["onError", "onSettled"]);
    expect(onSettled).toHaveBeenCalledExactlyOnceWith(undefined, state.error, {
      model,
      prompt: "A fox",
    });
  });

  it("an onSettled that throws fails a successful request with its error instead of escaping unhandled", async () => {
    const bug = new TypeError("spinner is undefined");
    const onError = vi.fn();
    const onSettled = vi.fn(() => {
      throw bug;
    });
    const { result } = renderHook(() => useGenerateImage({ onError, onSettled }), {
      wrapper: Wrapper,
    });
    let caught: unknown;
    await act(async () => {
      caught = await result.current.generateAsync({ model, prompt: "A fox" }).catch((e) => e);
    });
    expect(caught).toBe(bug);
    expect(result.current.status === "error" && result.current.error).toBe(bug);
    // onSettled is the last callback and runs once: its error goes to no other one.
    expect(onSettled).toHaveBeenCalledOnce();
    expect(onError).not.toHaveBeenCalled();
  });

  it("a rejected promise from an async onSettled replaces a failure's error in the state", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 500 });
    const onSettled = async () => {
      await Promise.resolve();
      throw new Error("could not hide the spinner");
    };
    const { result } = renderHook(() => useGenerateImage({ onSettled }), { wrapper: Wrapper });
    act(() => result.current.generate({ model, prompt: "A fox" }));
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    expect(state.status === "error" && state.error.message).toBe("could not hide the spinner");
  });

  it("an onSuccess that starts the next request does not abort the one that succeeded", async () => {
    const onSuccess = vi.fn((_result: ImageResult, params: { prompt: string }) => {
      if (params.prompt === "first") generate({ model, prompt: "second" });
    });
    const { result } = renderHook(() => useGenerateImage({ onSuccess }), { wrapper: Wrapper });
    const generate = result.current.generate;
    await act(() => result.current.generateAsync({ model, prompt: "first" }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(2));
    const state = result.current;
    expect(state.status === "success" && state.params.prompt).toBe("second");
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 200]);
  });
});

/** Generates in its effect once `user` is no longer "ada" (a child's effects run before its parent's). */
function UserChild({ user, generate }: { user: string; generate: () => void }) {
  useEffect(() => {
    if (user !== "ada") generate();
  }, [user, generate]);
  return null;
}

/** Sends `user` as a header through requestOptions; a button switches it, and the child then generates. */
function UserPage() {
  const [user, setUser] = useState("ada");
  const image = useGenerateImage({ requestOptions: { headers: { "x-user": user } } });
  const generate = useCallback(() => image.generate({ model, prompt: "A fox" }), [image.generate]);
  return (
    <>
      <button type="button" onClick={() => setUser("grace")}>
        Switch
      </button>
      <p>status: {image.status}</p>
      <UserChild user={user} generate={generate} />
    </>
  );
}

describe("options", () => {
  it("a request a child starts in its effect, on the render that changed the options, is sent with the new ones", async () => {
    render(<UserPage />, { wrapper: Wrapper });
    fireEvent.click(screen.getByRole("button", { name: "Switch" }));
    await screen.findByText("status: success");
    // Not the requestOptions of the render before: the child's effect ran before the parent's.
    expect(gateway.calls.map((call) => call.headers["x-user"])).toEqual(["grace"]);
  });
});

describe("abort", () => {
  it("abort() cancels the request in flight: idle, APIUserAbortError, the gateway sees it closed", async () => {
    const onError = vi.fn();
    const onSettled = vi.fn();
    const { result } = renderHook(() => useGenerateImage({ onError, onSettled }), {
      wrapper: Wrapper,
    });
    const held = holdNext();
    let outcome: Promise<unknown> = Promise.resolve();
    act(() => {
      outcome = result.current.generateAsync({ model, prompt: "A slow fox" }).catch((e) => e);
    });
    await held.arrived;
    expect(result.current.status).toBe("pending");

    act(() => result.current.abort());
    expect(result.current.status).toBe("idle");
    expect(APIUserAbortError.isInstance(await outcome)).toBe(true);
    held.release();
    await waitFor(() => expect(gateway.calls[0]?.status).toBe(499));
    expect(result.current.status).toBe("idle");
    // An abort is not an outcome: no callback hears of it.
    expect(onError).not.toHaveBeenCalled();
    expect(onSettled).not.toHaveBeenCalled();
  });

  it("a requestOptions.signal (untyped JS) is refused with a validation error naming abort(), not ignored", async () => {
    const onError = vi.fn();
    const { result } = renderHook(
      () =>
        useGenerateImage({
          onError,
          // @ts-expect-error The types leave it out (abort() is the hook's way); untyped JS may pass it.
          requestOptions: { signal: new AbortController().signal },
        }),
      { wrapper: Wrapper },
    );
    let outcome: unknown;
    await act(async () => {
      outcome = await result.current.generateAsync({ model, prompt: "A fox" }).catch((e) => e);
    });
    // Replaced by the hook's own signal, aborting it would have aborted nothing.
    expect(RequestValidationError.isInstance(outcome)).toBe(true);
    expect(outcome).toMatchObject({
      issues: [{ path: "requestOptions.signal", message: expect.stringContaining("abort()") }],
    });
    expect(result.current.status).toBe("error");
    expect(onError).toHaveBeenCalledOnce();
    expect(gateway.calls).toHaveLength(0);
  });

  it("abort() after a success leaves the result alone", async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    await act(() => result.current.generateAsync({ model, prompt: "A fox" }));
    const settled = result.current;
    act(() => result.current.abort());
    expect(result.current).toBe(settled);
  });
});

describe("unmount", () => {
  it("a generate started after the unmount is sent and settles its promise and callbacks, showing nothing", async () => {
    const create = vi.spyOn(URL, "createObjectURL");
    const logged = vi.spyOn(console, "error");
    const onSuccess = vi.fn();
    const { result, unmount } = renderHook(() => useGenerateImage({ onSuccess }), {
      wrapper: Wrapper,
    });
    const { generateAsync } = result.current;
    unmount();
    await act(async () => {});
    // An async handler that resumes after the page left: as TanStack Query's mutate, it runs on.
    const returned = await generateAsync({ model, prompt: "A fox" });
    expect(returned.images).toHaveLength(1);
    expect(onSuccess).toHaveBeenCalledExactlyOnceWith(returned, { model, prompt: "A fox" });
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
    // Nothing renders it: no object URL is made, and React has no unmounted component to warn of.
    expect(create).not.toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
  });
});

describe("reset", () => {
  it("returns a settled hook to idle", async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    await act(() => result.current.generateAsync({ model, prompt: "A fox" }));
    expect(result.current.status).toBe("success");
    act(() => result.current.reset());
    expect(result.current.status).toBe("idle");
    expect(result.current.elapsedMs).toBe(0);
  });

  it("aborts a pending request too", async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    const held = holdNext();
    let outcome: Promise<unknown> = Promise.resolve();
    act(() => {
      outcome = result.current.generateAsync({ model, prompt: "A fox" }).catch((e) => e);
    });
    await held.arrived;
    act(() => result.current.reset());
    expect(APIUserAbortError.isInstance(await outcome)).toBe(true);
    expect(result.current.status).toBe("idle");
  });
});

describe("a second generate while one is pending", () => {
  it('"abort-previous" (the default) aborts the first and shows the second', async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    const held = holdNext();
    let first: Promise<unknown> = Promise.resolve();
    act(() => {
      first = result.current.generateAsync({ model, prompt: "first" }).catch((e) => e);
    });
    await held.arrived;
    let second: Promise<ImageResult> | undefined;
    act(() => {
      second = result.current.generateAsync({ model, prompt: "second" });
    });
    expect(APIUserAbortError.isInstance(await first)).toBe(true);
    expect(result.current.status === "pending" && result.current.params.prompt).toBe("second");

    await act(async () => {
      await second;
    });
    expect(result.current.status === "success" && result.current.params.prompt).toBe("second");
    held.release();
    await waitFor(() => expect(gateway.calls).toHaveLength(2));
    await waitFor(() => expect(gateway.calls.find((c) => c.status === 499)).toBeDefined());
    // The aborted answer never replaces the state.
    expect(result.current.status === "success" && result.current.params.prompt).toBe("second");
  });

  it('"queue" runs them one after another, each promise getting its own result', async () => {
    const onSuccess = vi.fn();
    const onSettled = vi.fn();
    const { result } = renderHook(
      () => useGenerateImage({ onConcurrent: "queue", onSuccess, onSettled }),
      { wrapper: Wrapper },
    );
    const held = holdNext();
    let first: Promise<ImageResult> | undefined;
    let second: Promise<ImageResult> | undefined;
    act(() => {
      first = result.current.generateAsync({ model, prompt: "first" });
    });
    await held.arrived;
    act(() => {
      second = result.current.generateAsync({ model, prompt: "second", n: 2 });
    });
    const queued = result.current;
    expect(queued.status === "pending" && [queued.params.prompt, queued.queued]).toEqual([
      "first",
      1,
    ]);
    // The second waits: it is not sent while the first is in flight.
    expect(gateway.calls).toHaveLength(0);

    held.release();
    const results = await act(() => Promise.all([first, second]));
    expect(results.map((r) => r?.images.length)).toEqual([1, 2]);
    // Gemini makes one image per call: the second request's n: 2 fans out to two calls.
    expect(gateway.calls.map((call) => call.body)).toMatchObject([
      { prompt: "first" },
      { prompt: "second" },
      { prompt: "second" },
    ]);
    expect(onSuccess.mock.calls.map(([r]) => r)).toEqual(results);
    // Each result comes with the parameters it was made from, so a queued page knows which is which.
    expect(onSuccess.mock.calls.map(([, params]) => params.prompt)).toEqual(["first", "second"]);
    expect(onSettled.mock.calls.map(([r, error, params]) => [r, error, params.prompt])).toEqual([
      [results[0], null, "first"],
      [results[1], null, "second"],
    ]);
    const state = result.current;
    expect(state.status === "success" && state.params.prompt).toBe("second");
    expect(state.status === "success" && state.result).toBe(results[1]);
  });

  it('switching from "queue" to abort-previous: the new request also ends what was queued', async () => {
    const { result, rerender } = renderHook(
      (options: UseGenerateImageOptions) => useGenerateImage(options),
      { wrapper: Wrapper, initialProps: { onConcurrent: "queue" } },
    );
    const held = holdNext();
    let queued: Promise<ImageResult> | undefined;
    act(() => {
      result.current.generateAsync({ model, prompt: "first" }).catch(() => undefined);
    });
    await held.arrived;
    act(() => {
      queued = result.current.generateAsync({ model, prompt: "queued" });
    });
    rerender({ onConcurrent: "abort-previous" });
    let latest: Promise<ImageResult> | undefined;
    act(() => {
      latest = result.current.generateAsync({ model, prompt: "latest" });
    });
    held.release();

    await expect(queued).rejects.toBeInstanceOf(APIUserAbortError);
    await act(async () => {
      await latest;
    });
    const state = result.current;
    expect(state.status === "success" && state.params.prompt).toBe("latest");
    // The queued request was never sent.
    expect(gateway.calls.map((call) => (call.body as { prompt: string }).prompt)).not.toContain(
      "queued",
    );
  });

  it('"queue": abort() rejects the running and the queued requests alike', async () => {
    const { result } = renderHook(() => useGenerateImage({ onConcurrent: "queue" }), {
      wrapper: Wrapper,
    });
    const held = holdNext();
    const outcomes: Promise<unknown>[] = [];
    act(() => {
      outcomes.push(result.current.generateAsync({ model, prompt: "a" }).catch((e) => e));
    });
    await held.arrived;
    act(() => {
      outcomes.push(result.current.generateAsync({ model, prompt: "b" }).catch((e) => e));
      outcomes.push(result.current.generateAsync({ model, prompt: "c" }).catch((e) => e));
    });
    expect(result.current.status === "pending" && result.current.queued).toBe(2);
    act(() => result.current.abort());
    const errors = await Promise.all(outcomes);
    expect(errors.every((error) => APIUserAbortError.isInstance(error))).toBe(true);
    expect(result.current.status).toBe("idle");
    held.release();
    await waitFor(() => expect(gateway.calls.map((call) => call.status)).toEqual([499]));
  });

  it('"queue": a failure in the middle reaches its promise and the next still runs', async () => {
    gateway.faults.enqueue({ type: "server_error", status: 503 });
    const { result } = renderHook(() => useGenerateImage({ onConcurrent: "queue" }), {
      wrapper: Wrapper,
    });
    const held = holdNext();
    let first: Promise<unknown> = Promise.resolve();
    let second: Promise<ImageResult> | undefined;
    act(() => {
      first = result.current.generateAsync({ model, prompt: "a" }).catch((e) => e);
    });
    await held.arrived;
    act(() => {
      second = result.current.generateAsync({ model, prompt: "b" });
    });
    held.release();
    const [error, ok] = await act(() => Promise.all([first, second]));
    expect(error).toMatchObject({ status: 503 });
    expect(ok?.images).toHaveLength(1);
    expect(result.current.status).toBe("success");
  });
});

describe("elapsedMs", () => {
  it("grows on read while pending without a new snapshot, and is fixed at settle", async () => {
    let clock = 1_000;
    const now = () => clock;
    const { result } = renderHook(() => useGenerateImage({ now }), { wrapper: Wrapper });
    const held = holdNext();
    let done: Promise<ImageResult> | undefined;
    act(() => {
      done = result.current.generateAsync({ model, prompt: "A fox" });
    });
    await held.arrived;
    const pending = result.current;
    expect(pending.status === "pending" && pending.startedAt).toBe(1_000);
    expect(pending.elapsedMs).toBe(0);
    clock = 1_250;
    expect(pending.elapsedMs).toBe(250);
    expect(result.current).toBe(pending);

    clock = 1_400;
    held.release();
    await act(async () => {
      await done;
    });
    expect(result.current.status).toBe("success");
    const settledAt = clock;
    const settled = result.current.elapsedMs;
    expect(settled).toBe(settledAt - 1_000);
    clock = 9_999;
    expect(result.current.elapsedMs).toBe(settled);
  });
});
