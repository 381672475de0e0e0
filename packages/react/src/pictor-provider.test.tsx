import { Pictor, PictorError } from "@pictor/client";
import { act, render, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { route, setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { PictorProvider, type PictorProviderProps } from "./pictor-provider";
import { useGenerateImage } from "./use-generate-image";
import { useModels } from "./use-models";
import { usePictorClient } from "./use-pictor-client";

const { gateway, client } = setupPictorRoute();

function withProvider(props: PictorProviderProps) {
  return ({ children }: { children?: ReactNode }) => (
    <PictorProvider {...props}>{children}</PictorProvider>
  );
}

function FailingPage() {
  const image = useGenerateImage();
  return (
    <>
      <button
        type="button"
        onClick={() => image.generate({ model: "gpt-image-2", prompt: "A fox" })}
      >
        Go
      </button>
      <p>{image.status === "error" ? image.error.message : image.status}</p>
    </>
  );
}

describe("PictorProvider", () => {
  it("builds a key-less client for /api/pictor by default", () => {
    const { result } = renderHook(() => usePictorClient(), { wrapper: withProvider({}) });
    expect(result.current).toBeInstanceOf(Pictor);
    expect(result.current.baseURL).toBe(route);
  });

  it("keeps one client while the options are equal field by field, even as new objects", () => {
    const { result, rerender } = renderHook(() => usePictorClient(), {
      wrapper: ({ children }: { children?: ReactNode }) => (
        <PictorProvider options={{ baseURL: "/api/images", timeout: 5_000 }}>
          {children}
        </PictorProvider>
      ),
    });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    expect(first.baseURL).toBe("/api/images");
  });

  it("keeps one client while inline headers hold the same entries, and builds a new one when they change", () => {
    let token = "t1";
    const { result, rerender } = renderHook(() => usePictorClient(), {
      wrapper: ({ children }: { children?: ReactNode }) => (
        <PictorProvider options={{ headers: { "x-csrf": token } }}>{children}</PictorProvider>
      ),
    });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    token = "t2";
    rerender();
    expect(result.current).not.toBe(first);
    // Headers fetch refuses still fail the first request, not the render.
    const refused = renderHook(() => useGenerateImage(), {
      wrapper: withProvider({ options: { headers: { "bad header": "x" } } }),
    });
    expect(refused.result.current.status).toBe("idle");
  });

  it("keeps one client while an inline Headers holds the same entries", () => {
    let token = "t1";
    const { result, rerender } = renderHook(() => usePictorClient(), {
      wrapper: ({ children }: { children?: ReactNode }) => (
        <PictorProvider options={{ headers: new Headers({ "x-csrf": token }) }}>
          {children}
        </PictorProvider>
      ),
    });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    token = "t2";
    rerender();
    expect(result.current).not.toBe(first);
  });

  it("keeps one client with inline fetch and onRetry functions, and calls the latest ones", async () => {
    // Written inline, as React code does: a new pair of functions on every render.
    const calls: string[] = [];
    let version = 1;
    const { result, rerender } = renderHook(
      () => ({ pictor: usePictorClient(), image: useGenerateImage() }),
      {
        wrapper: ({ children }: { children?: ReactNode }) => {
          const seen = version;
          return (
            <PictorProvider
              options={{
                fetch: (input, init) => {
                  calls.push(`fetch ${seen}`);
                  return fetch(input, init);
                },
                onRetry: () => calls.push(`retry ${seen}`),
              }}
            >
              {children}
            </PictorProvider>
          );
        },
      },
    );
    const first = result.current.pictor;
    version = 2;
    rerender();
    expect(result.current.pictor).toBe(first);

    gateway.faults.enqueue({ type: "rate_limit", retryAfterMs: 1 });
    await act(() => result.current.image.generateAsync({ model: "gpt-image-2", prompt: "A fox" }));
    expect(result.current.image.status).toBe("success");
    expect(calls).toEqual(["fetch 2", "retry 2", "fetch 2"]);
  });

  it("builds a new client when an option changes", () => {
    let baseURL = "/api/one";
    const { result, rerender } = renderHook(() => usePictorClient(), {
      wrapper: ({ children }: { children?: ReactNode }) => (
        <PictorProvider options={{ baseURL }}>{children}</PictorProvider>
      ),
    });
    const first = result.current;
    baseURL = "/api/two";
    rerender();
    expect(result.current).not.toBe(first);
    expect(result.current.baseURL).toBe("/api/two");
  });

  it("hands out a client it was given, as is", () => {
    const pictor = client();
    const { result } = renderHook(() => usePictorClient(), {
      wrapper: withProvider({ client: pictor }),
    });
    expect(result.current).toBe(pictor);
  });

  it("builds its client on first use, not during render; a build failure lands in the state", async () => {
    // "not a url" makes the client's constructor throw: rendering still succeeds because nothing
    // builds the client until a request starts (a failure goes to that request, not the page).
    const view = render(
      <PictorProvider options={{ baseURL: "not a url" }}>
        <FailingPage />
      </PictorProvider>,
    );
    expect(view.container.querySelector("p")?.textContent).toBe("idle");
    act(() => view.getByRole("button").click());
    await waitFor(() =>
      expect(view.container.querySelector("p")?.textContent).toMatch(/is not a URL/),
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("an option the client does not take reaches it and fails the first request, not dropped (a baseUrl typo)", async () => {
    const view = render(
      <PictorProvider options={{ ...Object({ baseUrl: "/api/images" }) }}>
        <FailingPage />
      </PictorProvider>,
    );
    act(() => view.getByRole("button").click());
    await waitFor(() =>
      expect(view.container.querySelector("p")?.textContent).toMatch(
        /unknown option "baseUrl" \(did you mean baseURL\?\)/,
      ),
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("a client option given as a prop fails the first request saying to put it in options, not dropped", async () => {
    // Untyped code (TypeScript refuses the prop): the route would silently be /api/pictor.
    const view = render(
      <PictorProvider {...Object({ baseURL: "/api/images" })}>
        <FailingPage />
      </PictorProvider>,
    );
    act(() => view.getByRole("button").click());
    await waitFor(() =>
      expect(view.container.querySelector("p")?.textContent).toBe(
        'PictorProvider takes no prop "baseURL": use options={{ baseURL }} or client={pictor}',
      ),
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("both client and options fail the first request saying to give one, options not silently ignored", async () => {
    // Untyped code (TypeScript refuses the pair): the options would silently have no effect.
    const view = render(
      <PictorProvider {...Object({ client: client(), options: { maxRetries: 5 } })}>
        <FailingPage />
      </PictorProvider>,
    );
    act(() => view.getByRole("button").click());
    await waitFor(() =>
      expect(view.container.querySelector("p")?.textContent).toBe(
        "PictorProvider takes client or options, not both",
      ),
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("takes options that set nothing beside a client (options={props.options ?? {}}) and uses the client", async () => {
    const pictor = client();
    for (const options of [{}, { maxRetries: undefined }]) {
      const view = render(
        <PictorProvider client={pictor} options={options}>
          <FailingPage />
        </PictorProvider>,
      );
      act(() => view.getByRole("button").click());
      await waitFor(() => expect(view.container.querySelector("p")?.textContent).toBe("success"));
      view.unmount();
    }
    expect(gateway.calls).toHaveLength(2);
  });

  it("passes fetchOptions on to the client, as every other option it takes", async () => {
    const sent: RequestInit[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      if (init) sent.push(init);
      return fetch(input, init);
    };
    const { result } = renderHook(() => useModels(), {
      wrapper: withProvider({
        options: { baseURL: route, fetch: recordingFetch, fetchOptions: { cache: "no-store" } },
      }),
    });
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(sent.map((init) => init.cache)).toEqual(["no-store"]);
  });

  it("keeps one client while inline fetchOptions hold equal data, and sends through a dispatcher swapped for another", async () => {
    // Two proxies' undici agents say the same in JSON ({"_events":{},"_eventsCount":0}): an
    // object that is not plain data counts by identity, as a function would.
    class Agent {
      readonly _events = {};
    }
    const sent: unknown[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      const { dispatcher, ...rest } = init as RequestInit & { dispatcher?: unknown };
      sent.push(dispatcher);
      return fetch(input, rest);
    };
    let dispatcher = new Agent();
    const { result, rerender } = renderHook(
      () => ({ pictor: usePictorClient(), image: useGenerateImage() }),
      {
        wrapper: ({ children }: { children?: ReactNode }) => (
          <PictorProvider
            options={{
              baseURL: route,
              fetch: recordingFetch,
              fetchOptions: { dispatcher, cache: "no-store" },
            }}
          >
            {children}
          </PictorProvider>
        ),
      },
    );
    const first = result.current.pictor;
    rerender();
    expect(result.current.pictor).toBe(first);

    const [one, two] = [dispatcher, new Agent()];
    dispatcher = two;
    rerender();
    await act(() => result.current.image.generateAsync({ model: "gpt-image-2", prompt: "A fox" }));
    expect(result.current.image.status).toBe("success");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBe(two);
    expect(sent[0]).not.toBe(one);
  });

  it("sends the hooks' requests through the provider's client", async () => {
    const urls: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const { result } = renderHook(() => useModels(), {
      wrapper: withProvider({ options: { baseURL: route, fetch: recordingFetch } }),
    });
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(urls).toEqual([`${location.origin}${route}/models`]);
    expect(gateway.calls).toHaveLength(1);
  });
});

describe("without a provider", () => {
  it("fails the render with a message that says what to do", () => {
    // React reports the render error on the console as well; keep the test output readable.
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => renderHook(() => useGenerateImage())).toThrow(/<PictorProvider/);
    expect(() => renderHook(() => useModels())).toThrow(PictorError);
  });

  it("works with a client passed to the hook", async () => {
    const pictor = client();
    const { result } = renderHook(() => useGenerateImage({ client: pictor }));
    await act(() => result.current.generateAsync({ model: "gpt-image-2", prompt: "A fox" }));
    expect(result.current.status).toBe("success");
  });
});
