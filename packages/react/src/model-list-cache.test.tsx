// Components asking one client for the same list share it, as TanStack Query's observers of one
// query do: counted at the gateway, through the real route and @pictor/mock.

import type { ModelListParams } from "@pictor/client";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { Activity, StrictMode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { route, setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { modelListStaleTimeMs } from "./model-list-cache";
import { PictorProvider } from "./pictor-provider";
import { useModels } from "./use-models";

const { gateway, holdNext, Wrapper } = setupPictorRoute();

/** What each picker showed, render by render, by its name. */
let renders: Record<string, string[]> = {};

afterEach(() => {
  renders = {};
});

/** A picker that shows its status and list size, with a refresh button. */
function Picker({
  name,
  mapped,
  staleTime,
}: {
  name: string;
  mapped?: boolean;
  staleTime?: number;
}) {
  const list = useModels({ params: { mapped }, staleTime });
  const shown =
    list.status === "success" || (list.status === "error" && list.models)
      ? `${list.status} ${list.models?.length}${list.isFetching ? " fetching" : ""}`
      : list.status;
  renders[name] = [...(renders[name] ?? []), shown];
  return (
    <p>
      {name}: {shown}
      <button type="button" onClick={list.refetch}>
        Refresh {name}
      </button>
    </p>
  );
}

/** The pickers named, under one provider that stays across rerenders. */
function Page({
  pickers,
  mapped,
  staleTime,
}: {
  pickers: string[];
  mapped?: boolean;
  staleTime?: number;
}) {
  return (
    <>
      {pickers.map((name) => (
        <Picker key={name} name={name} mapped={mapped} staleTime={staleTime} />
      ))}
    </>
  );
}

/** A picker given its `params` as they are, or none at all (`useModels()`). */
function ParamsPicker({ name, params }: { name: string; params?: ModelListParams }) {
  const list = useModels(params && { params });
  return (
    <p>
      {name}: {list.status === "success" ? `success ${list.models.length}` : list.status}
    </p>
  );
}

/** A picker given a `requestOptions.signal`, as untyped JS may: refused, as the hooks take none. */
function SignalPicker({ name }: { name: string }) {
  const list = useModels({
    // @ts-expect-error The types leave it out (the hook aborts its own requests).
    requestOptions: { signal: new AbortController().signal },
  });
  return (
    <p>
      {name}: {list.status === "error" ? `error ${list.error.message}` : list.status}
    </p>
  );
}

/** Picker a in a tab that can be hidden, picker b always on show. */
function Tabs({ mode }: { mode: "visible" | "hidden" }) {
  return (
    <>
      <Activity mode={mode}>
        <Picker name="a" />
      </Activity>
      <Picker name="b" />
    </>
  );
}

const listed = () => gateway.calls.filter((call) => call.operation === "listModels");

/** Moves the clock the cache reads forward by `ms` (the gateway's answers are unaffected). */
function advanceClock(ms: number): void {
  const now = Date.now;
  vi.spyOn(Date, "now").mockImplementation(() => now() + ms);
}

describe("useModels shares one list per client and params", () => {
  it("two pickers on one page send one request and show the same list", async () => {
    render(<Page pickers={["a", "b"]} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    await screen.findByText(/^b: success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([200]);
    expect(renders.a?.at(-1)).toBe(renders.b?.at(-1));
  });

  it("two pickers in StrictMode send one request", async () => {
    render(
      <StrictMode>
        <Page pickers={["a", "b"]} />
      </StrictMode>,
      { wrapper: Wrapper },
    );
    await screen.findByText(/^b: success \d+$/);
    await screen.findByText(/^a: success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([200]);
  });

  it("a picker mounted later shows the list from its first render, with no request", async () => {
    const { rerender } = render(<Page pickers={["a"]} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    rerender(<Page pickers={["a", "b"]} />);
    expect(renders.b?.[0]).toMatch(/^success \d+$/);
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(renders.b).toEqual([renders.b?.[0]]);
    expect(listed()).toHaveLength(1);
  });

  it("a picker mounted after the first one left, within the stale time, sends no request", async () => {
    const { rerender } = render(<Page pickers={["a"]} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    rerender(<Page pickers={[]} />);
    await act(async () => {});
    advanceClock(modelListStaleTimeMs - 1_000);
    rerender(<Page pickers={["b"]} />);
    expect(renders.b?.[0]).toMatch(/^success \d+$/);
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(listed()).toHaveLength(1);
  });

  it("a picker mounted once the list is stale shows it while fetching it again, for all", async () => {
    const { rerender } = render(<Page pickers={["a"]} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    advanceClock(modelListStaleTimeMs + 1_000);
    const held = holdNext();
    rerender(<Page pickers={["a", "b"]} />);
    await held.arrived;
    // As TanStack Query's stale data: on show, with isFetching, never back to pending.
    expect(renders.b?.[0]).toMatch(/^success \d+$/);
    await screen.findByText(/^b: success \d+ fetching$/);
    await screen.findByText(/^a: success \d+ fetching$/);
    held.release();
    await screen.findByText(/^a: success \d+$/);
    await screen.findByText(/^b: success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([200, 200]);
  });

  it("refetch() in one picker refreshes every picker of the list, with one request", async () => {
    render(<Page pickers={["a", "b"]} />, { wrapper: Wrapper });
    await screen.findByText(/^b: success \d+$/);
    const held = holdNext();
    fireEvent.click(screen.getByRole("button", { name: "Refresh a" }));
    await held.arrived;
    await screen.findByText(/^a: success \d+ fetching$/);
    await screen.findByText(/^b: success \d+ fetching$/);
    held.release();
    await screen.findByText(/^a: success \d+$/);
    await screen.findByText(/^b: success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([200, 200]);
  });

  it("a failure is not kept: a picker mounted later tries again, and the failed one gets the list", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 500, operation: "listModels" });
    const { rerender } = render(<Page pickers={["a"]} />, { wrapper: Wrapper });
    await screen.findByText("a: error");
    rerender(<Page pickers={["a", "b"]} />);
    await screen.findByText(/^b: success \d+$/);
    await screen.findByText(/^a: success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([500, 200]);
  });

  it("a picker unmounted while the shared request runs does not cancel it for the other", async () => {
    const held = holdNext();
    const { rerender } = render(<Page pickers={["a", "b"]} />, { wrapper: Wrapper });
    await held.arrived;
    rerender(<Page pickers={["b"]} />);
    await act(async () => {});
    held.release();
    await screen.findByText(/^b: success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([200]);
  });

  it("the request is aborted once every picker waiting for it is gone", async () => {
    const held = holdNext();
    const { rerender } = render(<Page pickers={["a", "b"]} />, { wrapper: Wrapper });
    await held.arrived;
    rerender(<Page pickers={[]} />);
    await act(async () => {});
    held.release();
    await waitFor(() => expect(listed().map((call) => call.status)).toEqual([499]));
  });

  it("a picker mounted as the only other one leaves that list for new params fetches it anew, not its abort", async () => {
    const held = holdNext();
    const { rerender } = render(<ParamsPicker name="a" />, { wrapper: Wrapper });
    await held.arrived;
    // In one commit, a moves to another filter (ending the request nobody else waits for) and b
    // mounts for the list a left: b must not join the aborted request and show its abort.
    rerender(
      <>
        <ParamsPicker name="a" params={{ mapped: true }} />
        <ParamsPicker name="b" />
      </>,
    );
    held.release();
    const settled = /^b: (success|error)/;
    await waitFor(() => expect(screen.getByText(/^b: /).textContent).toMatch(settled));
    expect(screen.getByText(/^b: /).textContent).toMatch(/^b: success \d+$/);
    await screen.findByText(/^a: success \d+$/);
    // The request a left was aborted; b sent its own for the same list.
    await waitFor(() =>
      expect(listed().map((call) => [call.query, call.status])).toEqual(
        expect.arrayContaining([
          [{}, 499],
          [{ mapped: "true" }, 200],
          [{}, 200],
        ]),
      ),
    );
  });

  it("pickers for other params do not share", async () => {
    const { rerender } = render(<Page pickers={["a"]} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    rerender(<Page pickers={["a"]} mapped={true} />);
    await screen.findByText(/^a: success \d+$/);
    expect(listed().map((call) => call.query)).toEqual([{}, { mapped: "true" }]);
  });

  it("pickers asking for the same list in other words (the defaults spelt out) send one request", async () => {
    render(
      <>
        <ParamsPicker name="default" />
        <ParamsPicker name="imageOnly" params={{ imageOnly: true }} />
        <ParamsPicker name="flags off" params={{ mapped: false, no_training: false }} />
      </>,
      { wrapper: Wrapper },
    );

    const shown = await Promise.all(
      ["default", "imageOnly", "flags off"].map(
        async (name) =>
          (await screen.findByText(new RegExp(`^${name}: success \\d+$`))).textContent,
      ),
    );
    expect(new Set(shown.map((text) => text?.replace(/^.*: /, ""))).size).toBe(1);
    expect(listed().map((call) => [call.query, call.status])).toEqual([[{}, 200]]);
  });

  it("params changed back to a list still fresh show it in that very render, with no request", async () => {
    const { rerender } = render(<Page pickers={["a"]} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    rerender(<Page pickers={["a"]} mapped={true} />);
    await waitFor(() => expect(listed()).toHaveLength(2));
    await screen.findByText(/^a: success \d+$/);
    const before = renders.a?.length ?? 0;
    rerender(<Page pickers={["a"]} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    // No `pending` frame: the list for these params was on show a moment ago.
    expect(renders.a?.slice(before).every((shown) => /^success \d+$/.test(shown))).toBe(true);
    expect(listed()).toHaveLength(2);
  });

  it("staleTime: 0 fetches again on every mount, showing the cached list meanwhile", async () => {
    const { rerender } = render(<Page pickers={["a"]} staleTime={0} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    const held = holdNext();
    rerender(<Page pickers={["a", "b"]} staleTime={0} />);
    await held.arrived;
    expect(renders.b?.[0]).toMatch(/^success \d+$/);
    await screen.findByText(/^b: success \d+ fetching$/);
    held.release();
    await screen.findByText(/^b: success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([200, 200]);
  });

  it("a longer staleTime keeps a list fresh past the default five minutes", async () => {
    const { rerender } = render(<Page pickers={["a"]} staleTime={60 * 60_000} />, {
      wrapper: Wrapper,
    });
    await screen.findByText(/^a: success \d+$/);
    rerender(<Page pickers={[]} staleTime={60 * 60_000} />);
    await act(async () => {});
    advanceClock(modelListStaleTimeMs + 60_000);
    rerender(<Page pickers={["b"]} staleTime={60 * 60_000} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(renders.b).toEqual([renders.b?.[0]]);
    expect(renders.b?.[0]).toMatch(/^success \d+$/);
    expect(listed()).toHaveLength(1);
  });

  it("two providers (two clients) do not share", async () => {
    render(
      <>
        <PictorProvider options={{ baseURL: route, maxRetries: 0 }}>
          <Picker name="a" />
        </PictorProvider>
        <PictorProvider options={{ baseURL: route, maxRetries: 0 }}>
          <Picker name="b" />
        </PictorProvider>
      </>,
    );
    await screen.findByText(/^a: success \d+$/);
    await screen.findByText(/^b: success \d+$/);
    expect(listed()).toHaveLength(2);
  });

  it("a list nobody showed for five minutes is dropped once another list is asked for", async () => {
    const { rerender } = render(<Page pickers={["a"]} />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    rerender(<Page pickers={[]} />);
    await act(async () => {});
    advanceClock(modelListStaleTimeMs + 1_000);
    rerender(<Page pickers={["b"]} mapped={true} />);
    await screen.findByText(/^b: success \d+$/);
    rerender(<Page pickers={[]} />);
    await act(async () => {});
    // The first list is gone from memory: a new picker for it starts from nothing.
    rerender(<Page pickers={["c"]} />);
    expect(renders.c?.[0]).toBe("idle");
    await screen.findByText(/^c: success \d+$/);
  });

  it("a picker hidden during another's refetch joins it when shown again, with no new request", async () => {
    const { rerender } = render(<Tabs mode="visible" />, { wrapper: Wrapper });
    await screen.findByText(/^a: success \d+$/);
    const held = holdNext();
    fireEvent.click(screen.getByRole("button", { name: "Refresh b" }));
    await held.arrived;
    rerender(<Tabs mode="hidden" />);
    await act(async () => {});
    rerender(<Tabs mode="visible" />);
    await act(async () => {});
    held.release();
    await waitFor(() => expect(renders.a?.at(-1)).toBe(renders.b?.at(-1)));
    expect(renders.b?.at(-1)).toMatch(/^success \d+$/);
    expect(listed().map((call) => call.status)).toEqual([200, 200]);
  });

  it("a picker given a signal (untyped JS) is refused alone: the picker beside it gets the list", async () => {
    render(
      <>
        <SignalPicker name="a" />
        <Picker name="b" />
      </>,
      { wrapper: Wrapper },
    );

    await screen.findByText(/^a: error .*requestOptions\.signal/);
    await screen.findByText(/^b: success \d+$/);
    expect(listed()).toHaveLength(1);
  });

  it("a picker given a signal (untyped JS) is refused even when the list it asks for is in flight", async () => {
    const held = holdNext();
    const { rerender } = render(<Picker name="b" />, { wrapper: Wrapper });
    await held.arrived;
    rerender(
      <>
        <Picker name="b" />
        <SignalPicker name="a" />
      </>,
    );
    held.release();

    await screen.findByText(/^b: success \d+$/);
    await screen.findByText(/^a: error .*requestOptions\.signal/);
    expect(listed()).toHaveLength(1);
  });

  it("a picker given a signal (untyped JS) is refused even when the list it asks for is cached and fresh", async () => {
    const { rerender } = render(<Picker name="b" />, { wrapper: Wrapper });
    await screen.findByText(/^b: success \d+$/);
    rerender(
      <>
        <Picker name="b" />
        <SignalPicker name="a" />
      </>,
    );

    // No request is made for it, yet the mistake shows now, not at the next refetch.
    await screen.findByText(/^a: error .*requestOptions\.signal/);
    expect(listed()).toHaveLength(1);
  });
});
