// The observer without React: what any framework adapter (or plain code) relies on.
import { describe, expect, it } from "vitest";
import { nextUncaughtError } from "./__fixtures__/next-uncaught-error";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { ModelListObserver } from "./model-list-observer";

const { client, gateway } = setupPictorRoute();

describe("ModelListObserver", () => {
  it("refetch() waits for a fetch a listener starts when the list arrives, never resolving mid-fetch", async () => {
    const observer = new ModelListObserver({ client: client() }, (self) => ({
      refetch: self.refetch,
    }));
    let refreshed = false;
    const unsubscribe = observer.subscribe(() => {
      const state = observer.getSnapshot();
      // A page that refreshes once as soon as the first list is on show.
      if (state.status === "success" && !state.isFetching && !refreshed) {
        refreshed = true;
        void observer.refetch();
      }
    });
    const settled = await observer.refetch();
    expect(refreshed).toBe(true);
    expect(settled).toBe(observer.getSnapshot());
    expect(settled).toMatchObject({ status: "success", isFetching: false });
    expect(gateway.calls.filter((call) => call.status === 200)).toHaveLength(2);
    unsubscribe();
  });

  it("a listener that throws neither hangs refetch() nor keeps the list from the others, and its error is reported", async () => {
    const observer = new ModelListObserver({ client: client() }, (self) => ({
      refetch: self.refetch,
    }));
    const boom = new Error("a listener's bug");
    observer.subscribe(() => {
      if (observer.getSnapshot().status === "success") throw boom;
    });
    const seen: string[] = [];
    observer.subscribe(() => seen.push(observer.getSnapshot().status));
    const reported = nextUncaughtError();

    await expect(observer.refetch()).resolves.toMatchObject({ status: "success" });
    expect(seen.at(-1)).toBe("success");
    expect(await reported).toBe(boom);
  });
});
