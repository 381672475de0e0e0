import { InternalServerError, Pictor, RequestValidationError } from "@pictor/client";
import { createMockGateway } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { act, fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { Activity, useEffect } from "react";
import { describe, expect, it } from "vitest";
import { route, setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { type UseModelsOptions, type UseModelsResult, useModels } from "./use-models";

const { gateway, holdNext, server, client, Wrapper } = setupPictorRoute();

function ModelPicker() {
  const list = useModels();
  if (list.status !== "success") return <p>{list.status}</p>;
  return (
    <select aria-label="Model">
      {list.models.map((model) => (
        <option key={model.id} value={model.id}>
          {model.name}
        </option>
      ))}
    </select>
  );
}

/**
 * A picker that says which params its list is for, and whether it holds provider-pinned ids;
 * `renders` records what each render showed.
 */
function MappedPicker({
  mapped,
  enabled,
  renders,
}: {
  mapped: boolean;
  enabled?: boolean;
  renders?: string[];
}) {
  const list = useModels({ params: { mapped }, enabled });
  const shown =
    list.status === "success"
      ? `mapped=${mapped} pinned ids=${list.models.some((model) => model.id.includes("/"))}`
      : list.status;
  renders?.push(shown);
  return <p>{shown}</p>;
}

/** A picker with a refresh button that records the status of each render. */
function RefreshablePicker({ renders }: { renders: string[] }) {
  const list = useModels();
  renders.push(list.status);
  return (
    <>
      <button type="button" onClick={list.refetch}>
        Refresh
      </button>
      <p>
        {list.status === "success"
          ? `${list.models.length} models${list.isFetching ? ", refreshing" : ""}`
          : list.status}
      </p>
    </>
  );
}

/** The refreshable picker in a tab that can be hidden. */
function RefreshableTab({ mode, renders }: { mode: "visible" | "hidden"; renders: string[] }) {
  return (
    <Activity mode={mode}>
      <RefreshablePicker renders={renders} />
    </Activity>
  );
}

/** Refreshes the list from its effect whenever `mapped` changes (a child's effect runs before its parent's). */
function RefreshOnChange({ refetch, mapped }: { refetch: () => unknown; mapped: boolean }) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `mapped` is what triggers the refetch.
  useEffect(() => {
    refetch();
  }, [refetch, mapped]);
  return null;
}

/** A picker for `mapped` whose child refetches the list when `mapped` changes. */
function PickerRefreshedByChild({ mapped }: { mapped: boolean }) {
  const list = useModels({ params: { mapped } });
  return (
    <>
      <RefreshOnChange refetch={list.refetch} mapped={mapped} />
      <p>
        {list.status === "success"
          ? `pinned ids=${list.models.some((model) => model.id.includes("/"))}`
          : list.status}
      </p>
    </>
  );
}

/** The picker in a tab that can be hidden (an `<Activity>` keeps its state while hidden). */
function Tab({ mode, mapped }: { mode: "visible" | "hidden"; mapped: boolean }) {
  return (
    <Activity mode={mode}>
      <MappedPicker mapped={mapped} />
    </Activity>
  );
}

describe("useModels", () => {
  it("lists the gateway's image models in a picker", async () => {
    render(<ModelPicker />, { wrapper: Wrapper });
    const options = await screen.findAllByRole("option");
    const ids = options.map((option) => option.getAttribute("value"));
    expect(ids).toContain("gemini-3.1-flash-image");
    expect(ids).toContain("gpt-image-2");
    expect(gateway.calls.map((call) => [call.method, call.path, call.status])).toEqual([
      ["GET", "/v1/models", 200],
    ]);
  });

  it("goes idle → pending → success, with image models only", async () => {
    const { result } = renderHook(() => useModels(), { wrapper: Wrapper });
    // The fetch starts in an effect (never during render), so it is already pending here.
    expect(result.current.status).toBe("pending");
    await waitFor(() => expect(result.current.status).toBe("success"));
    const state = result.current;
    if (state.status !== "success") return;
    expect(state.models.length).toBeGreaterThan(10);
    expect(
      state.models.every((model) => model.architecture.output_modalities.includes("image")),
    ).toBe(true);
  });

  it("refetches when params change by value, not when only the object identity does", async () => {
    const { result, rerender } = renderHook((options: UseModelsOptions) => useModels(options), {
      wrapper: Wrapper,
      initialProps: { params: { mapped: false } },
    });
    await waitFor(() => expect(result.current.status).toBe("success"));
    rerender({ params: { mapped: false } });
    expect(gateway.calls).toHaveLength(1);

    rerender({ params: { mapped: true } });
    // The list held is for { mapped: false }: it is not shown as the { mapped: true } one.
    expect(result.current).toMatchObject({ status: "pending", isFetching: true });
    await waitFor(() => expect(gateway.calls).toHaveLength(2));
    expect(gateway.calls[1]?.query).toEqual({ mapped: "true" });
    await waitFor(() => expect(result.current.status).toBe("success"));
    const state = result.current;
    expect(state.status === "success" && state.models.some((m) => m.id.includes("/"))).toBe(true);
  });

  it("a refetch from a child's effect on the render that changed params fetches only the new params' list", async () => {
    const asked: string[] = [];
    server.events.on("request:start", ({ request }) => {
      asked.push(new URL(request.url).search);
    });
    const { rerender } = render(<PickerRefreshedByChild mapped={false} />, { wrapper: Wrapper });
    await screen.findByText("pinned ids=false");
    // The child's effect runs before the hook's own: its refetch is for `mapped: true` already,
    // not one for the old params that the new ones cut short (leaving their list stale).
    rerender(<PickerRefreshedByChild mapped={true} />);
    await screen.findByText("pinned ids=true");
    // So the list for the old params is still fresh: another picker shows it with no request.
    rerender(
      <>
        <PickerRefreshedByChild mapped={true} />
        <MappedPicker mapped={false} />
      </>,
    );
    await screen.findByText("mapped=false pinned ids=false");
    expect(asked).toEqual(["", "?mapped=true"]);
  });

  it("the render with new params shows pending, never the old params' list as theirs", async () => {
    const renders: string[] = [];
    const { rerender } = render(<MappedPicker mapped={false} renders={renders} />, {
      wrapper: Wrapper,
    });
    await screen.findByText("mapped=false pinned ids=false");
    renders.length = 0;
    rerender(<MappedPicker mapped={true} renders={renders} />);
    // As TanStack Query's result for a new query key: pending from that very render, before the
    // effect that starts the fetch has run.
    expect(renders[0]).toBe("pending");
    await screen.findByText("mapped=true pinned ids=true");
    expect(renders).not.toContain("mapped=true pinned ids=false");
  });

  it("the render with new params while disabled shows idle, never the old params' list", async () => {
    const renders: string[] = [];
    const { rerender } = render(<MappedPicker mapped={false} renders={renders} />, {
      wrapper: Wrapper,
    });
    await screen.findByText("mapped=false pinned ids=false");
    renders.length = 0;
    rerender(<MappedPicker mapped={true} enabled={false} renders={renders} />);
    await act(async () => {});
    expect(new Set(renders)).toEqual(new Set(["idle"]));
  });

  it("the render with a client for another gateway shows pending, never the old gateway's list", async () => {
    const other = createMockGateway();
    server.use(...handlers(other, { baseURL: "/api/other-gateway" }));
    const renders: string[] = [];
    const { rerender } = renderHook(
      (options: UseModelsOptions) => {
        const list = useModels(options);
        renders.push(`${options.client?.baseURL} ${list.status}`);
        return list;
      },
      { wrapper: Wrapper, initialProps: { client: client() } },
    );
    await waitFor(() => expect(renders.at(-1)).toBe(`${route} success`));
    renders.length = 0;
    rerender({ client: new Pictor({ baseURL: "/api/other-gateway", maxRetries: 0 }) });
    expect(renders[0]).toBe("/api/other-gateway pending");
    await waitFor(() => expect(renders.at(-1)).toBe("/api/other-gateway success"));
    expect(other.calls).toHaveLength(1);
  });

  it("refetch() keeps the list on screen with isFetching, never going back to pending", async () => {
    const renders: string[] = [];
    render(<RefreshablePicker renders={renders} />, { wrapper: Wrapper });
    await screen.findByText(/^\d+ models$/);
    const held = holdNext();
    fireEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await held.arrived;
    await screen.findByText(/^\d+ models, refreshing$/);
    held.release();
    await screen.findByText(/^\d+ models$/);
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 200]);
    // As with TanStack Query's isFetching: the page never flashes back to its loading state.
    expect(renders.slice(renders.indexOf("success"))).not.toContain("pending");
  });

  it("a refetch that fails reports its error and keeps the list it had", async () => {
    const { result } = renderHook(() => useModels(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    const loaded = result.current.status === "success" ? result.current.models : [];
    gateway.faults.enqueue({ type: "server_error", status: 500, operation: "listModels" });
    act(() => {
      result.current.refetch();
    });
    expect(result.current).toMatchObject({ status: "success", isFetching: true, models: loaded });
    await waitFor(() => expect(result.current.status).toBe("error"));
    const failed = result.current;
    expect(failed.status === "error" && InternalServerError.isInstance(failed.error)).toBe(true);
    expect(failed).toMatchObject({ isFetching: false, models: loaded });

    // Trying again keeps the error and the list shown until the answer comes.
    act(() => {
      result.current.refetch();
    });
    expect(result.current).toMatchObject({ status: "error", isFetching: true, models: loaded });
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(result.current.isFetching).toBe(false);
  });

  it("refetch() resolves with the state once the new list is on show", async () => {
    const { result } = renderHook(() => useModels(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    let settled: UseModelsResult | undefined;
    await act(async () => {
      settled = await result.current.refetch();
    });
    // The very state the hook shows, as TanStack Query's refetch resolves with its result.
    expect(settled).toBe(result.current);
    expect(settled).toMatchObject({ status: "success", isFetching: false });
    expect(gateway.calls.map((call) => call.status)).toEqual([200, 200]);
  });

  it("refetch() never rejects: a failure comes back in the state, with the list kept", async () => {
    const { result } = renderHook(() => useModels(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    const loaded = result.current.status === "success" ? result.current.models : [];
    gateway.faults.enqueue({ type: "server_error", status: 500, operation: "listModels" });
    let settled: UseModelsResult | undefined;
    await act(async () => {
      settled = await result.current.refetch();
    });
    expect(settled?.status === "error" && InternalServerError.isInstance(settled.error)).toBe(true);
    expect(settled).toMatchObject({ isFetching: false, models: loaded });
  });

  it("a refetch replaced by a newer one resolves when the newer one settles", async () => {
    const { result } = renderHook(() => useModels(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    const held = holdNext();
    let first: Promise<UseModelsResult> | undefined;
    act(() => {
      first = result.current.refetch();
    });
    await held.arrived;
    let second: Promise<UseModelsResult> | undefined;
    act(() => {
      second = result.current.refetch();
    });
    held.release();
    const settled = await act(async () => Promise.all([first, second]));
    // Not the aborted fetch's answer, nor a state still fetching: the list the newer one brought.
    expect(settled[0]).toBe(settled[1]);
    expect(settled[0]).toBe(result.current);
    expect(settled[0]).toMatchObject({ status: "success", isFetching: false });
  });

  it("a refetch cut short by an unmount resolves with the list kept rather than hanging", async () => {
    const { result, unmount } = renderHook(() => useModels(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe("success"));
    const held = holdNext();
    let refetched: Promise<UseModelsResult> | undefined;
    act(() => {
      refetched = result.current.refetch();
    });
    await held.arrived;
    unmount();
    await expect(refetched).resolves.toMatchObject({ status: "success", isFetching: false });
  });

  it("a first fetch that fails has no list to keep: error without models, then pending on refetch", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 500, operation: "listModels" });
    const { result } = renderHook(() => useModels(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current).toMatchObject({ isFetching: false, models: undefined });
    act(() => {
      result.current.refetch();
    });
    expect(result.current).toMatchObject({ status: "pending", isFetching: true });
    await waitFor(() => expect(result.current.status).toBe("success"));
  });

  it("a requestOptions.signal (untyped JS) is refused with a validation error, not replaced unheard", async () => {
    const { result } = renderHook(
      () =>
        useModels({
          // @ts-expect-error The types leave it out (the hook aborts its own requests on unmount).
          requestOptions: { signal: new AbortController().signal },
        }),
      { wrapper: Wrapper },
    );
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    const error = state.status === "error" ? state.error : undefined;
    expect(RequestValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ issues: [{ path: "requestOptions.signal" }] });
    expect(gateway.calls).toHaveLength(0);
  });

  it("a requestOptions.signal given to a hook showing a fresh list is refused at once, with no request", async () => {
    const { result, rerender } = renderHook<UseModelsResult, UseModelsOptions>(
      (options) => useModels(options),
      { wrapper: Wrapper, initialProps: {} },
    );
    await waitFor(() => expect(result.current.status).toBe("success"));
    // @ts-expect-error The types leave it out (the hook aborts its own requests on unmount).
    rerender({ requestOptions: { signal: new AbortController().signal } });
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    const error = state.status === "error" ? state.error : undefined;
    expect(error).toMatchObject({ issues: [{ path: "requestOptions.signal" }] });
    expect(gateway.calls).toHaveLength(1);
    // The signal taken away, the fresh list shows again, still with no request.
    rerender({});
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(gateway.calls).toHaveLength(1);
  });

  it("a refetch cut short by hiding the tab keeps the list, and runs again when shown", async () => {
    const renders: string[] = [];
    const { rerender } = render(<RefreshableTab mode="visible" renders={renders} />, {
      wrapper: Wrapper,
    });
    await screen.findByText(/^\d+ models$/);
    const held = holdNext();
    fireEvent.click(screen.getByRole("button", { name: "Refresh" }));
    await held.arrived;
    rerender(<RefreshableTab mode="hidden" renders={renders} />);
    await act(async () => {});
    held.release();
    rerender(<RefreshableTab mode="visible" renders={renders} />);
    await waitFor(() =>
      expect(gateway.calls.map((call) => call.status).sort()).toEqual([200, 200, 499]),
    );
    await screen.findByText(/^\d+ models$/);
    expect(renders.slice(renders.indexOf("success"))).toEqual(
      expect.not.arrayContaining(["idle", "pending"]),
    );
  });

  it("with enabled: false stays idle until enabled or refetched", async () => {
    const { result, rerender } = renderHook((options: UseModelsOptions) => useModels(options), {
      wrapper: Wrapper,
      initialProps: { enabled: false },
    });
    await act(async () => {});
    expect(result.current.status).toBe("idle");
    expect(gateway.calls).toHaveLength(0);

    await act(() => result.current.refetch());
    await waitFor(() => expect(result.current.status).toBe("success"));
    const statuses: string[] = [];
    rerender({ enabled: true });
    statuses.push(result.current.status);
    // Long enough for a refetch to reach the gateway: the list loaded is kept, not fetched again.
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    statuses.push(result.current.status);
    expect(statuses).toEqual(["success", "success"]);
    expect(gateway.calls).toHaveLength(1);
  });

  it("a picker in a dialog (enabled while open) fetches once, not on every reopening", async () => {
    const { result, rerender } = renderHook((options: UseModelsOptions) => useModels(options), {
      wrapper: Wrapper,
      initialProps: { enabled: true },
    });
    await waitFor(() => expect(result.current.status).toBe("success"));
    rerender({ enabled: false });
    rerender({ enabled: true });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(result.current.status).toBe("success");
    expect(gateway.calls).toHaveLength(1);
  });

  it("params changed while disabled show no list made for the old params", async () => {
    const { result, rerender } = renderHook((options: UseModelsOptions) => useModels(options), {
      wrapper: Wrapper,
      initialProps: { params: { mapped: false }, enabled: true },
    });
    await waitFor(() => expect(result.current.status).toBe("success"));
    rerender({ params: { mapped: true }, enabled: false });
    await act(async () => {});
    // The list held is for { mapped: false }: showing it as the { mapped: true } list would be
    // wrong. Nothing is fetched while disabled, so there is no list for these params yet.
    expect(result.current.status).toBe("idle");
    expect(gateway.calls).toHaveLength(1);

    rerender({ params: { mapped: true }, enabled: true });
    await waitFor(() => expect(result.current.status).toBe("success"));
    const state = result.current;
    expect(state.status === "success" && state.models.some((m) => m.id.includes("/"))).toBe(true);
    expect(gateway.calls).toHaveLength(2);
    expect(gateway.calls[1]?.query).toEqual({ mapped: "true" });
  });

  it("a fetch still running for params left while disabled does not land as their list", async () => {
    const held = holdNext();
    const { result, rerender } = renderHook((options: UseModelsOptions) => useModels(options), {
      wrapper: Wrapper,
      initialProps: { params: { mapped: false }, enabled: true },
    });
    await held.arrived;
    rerender({ params: { mapped: true }, enabled: false });
    held.release();
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(result.current.status).toBe("idle");
  });

  it("fetches again when the client points at another gateway, not for a new client of the same one", async () => {
    const other = createMockGateway();
    server.use(...handlers(other, { baseURL: "/api/other-gateway" }));
    const { result, rerender } = renderHook((options: UseModelsOptions) => useModels(options), {
      wrapper: Wrapper,
      initialProps: { client: client() },
    });
    await waitFor(() => expect(result.current.status).toBe("success"));
    // A new client each render (written inline) for the same gateway: the list stands.
    rerender({ client: client() });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(gateway.calls).toHaveLength(1);

    rerender({ client: new Pictor({ baseURL: "/api/other-gateway", maxRetries: 0 }) });
    await waitFor(() => expect(other.calls).toHaveLength(1));
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(gateway.calls).toHaveLength(1);
  });

  it("the same params in another key order are the same params: no refetch", async () => {
    const { result, rerender } = renderHook((options: UseModelsOptions) => useModels(options), {
      wrapper: Wrapper,
      initialProps: { params: { mapped: true, exclude_deprecated: true } },
    });
    await waitFor(() => expect(result.current.status).toBe("success"));
    rerender({ params: { exclude_deprecated: true, mapped: true } });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(gateway.calls).toHaveLength(1);
  });

  it("params changed while hidden in an <Activity> are fetched when it is shown again", async () => {
    const { rerender } = render(<Tab mode="visible" mapped={false} />, { wrapper: Wrapper });
    await screen.findByText("mapped=false pinned ids=false");
    // Each step settles (hidden content renders at a lower priority than the rest).
    for (const [mode, mapped] of [
      ["hidden", false],
      ["hidden", true],
      ["visible", true],
    ] as const) {
      rerender(<Tab mode={mode} mapped={mapped} />);
      await act(async () => {});
    }

    await screen.findByText("mapped=true pinned ids=true");
    expect(gateway.calls.map((call) => call.query)).toEqual([{}, { mapped: "true" }]);
  });

  it("puts a gateway failure in error, typed", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 500, operation: "listModels" });
    const { result } = renderHook(() => useModels(), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    const state = result.current;
    expect(state.status === "error" && InternalServerError.isInstance(state.error)).toBe(true);

    await act(() => result.current.refetch());
    await waitFor(() => expect(result.current.status).toBe("success"));
  });
});
