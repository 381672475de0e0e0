// The observer without React: what any framework adapter (or plain code) relies on.
import { type ImageGenerateParams, type ImageResult, RateLimitError } from "@pictor/client";
import { describe, expect, it } from "vitest";
import { nextUncaughtError } from "./__fixtures__/next-uncaught-error";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import {
  type ImageRequestControls,
  ImageRequestObserver,
  type RunImageRequest,
} from "./image-request-observer";

const { client, gateway, holdNext } = setupPictorRoute();

const send: RunImageRequest<ImageGenerateParams> = (pictor, params, options) =>
  pictor.images.generate(params, options);
const actions = (observer: ImageRequestControls<ImageGenerateParams>) => ({
  run: () => observer.run({ model: "gpt-image-2", prompt: "A fox" }),
});

function observe() {
  const observer = new ImageRequestObserver(send, { client: client() }, actions);
  const seen: string[] = [];
  const unsubscribe = observer.subscribe(() => seen.push(observer.getSnapshot().status));
  return { observer, seen, unsubscribe };
}

describe("ImageRequestObserver", () => {
  it("notifies once per transition and keeps a snapshot until the next one", async () => {
    const { observer, seen } = observe();
    const idle = observer.getSnapshot();
    expect(observer.getSnapshot()).toBe(idle);
    expect(observer.getServerSnapshot()).toBe(idle);
    await observer.runAsync({ model: "gpt-image-2", prompt: "A fox" });
    expect(seen).toEqual(["pending", "success"]);
    expect(observer.getServerSnapshot()).toBe(idle);
  });

  it("merges the given actions into every snapshot", async () => {
    const { observer } = observe();
    const { run } = observer.getSnapshot();
    await observer.runAsync({ model: "gpt-image-2", prompt: "A fox" });
    expect(observer.getSnapshot().run).toBe(run);
  });

  it("sends the next request with options set by setOptions", async () => {
    const { observer } = observe();
    gateway.faults.enqueue({ type: "rate_limit", retryAfterSeconds: 0 });
    observer.setOptions({ client: client(), requestOptions: { maxRetries: 1 } });
    const result: ImageResult = await observer.runAsync({ model: "gpt-image-2", prompt: "A fox" });
    // The 429 was retried once: the per-call option reached the client.
    expect(result.images).toHaveLength(1);
    expect(gateway.calls.map((call) => call.status)).toEqual([429, 200]);
  });

  it("takes a client getter and calls it only when a request starts", async () => {
    let built = 0;
    const observer = new ImageRequestObserver(
      send,
      {
        client: () => {
          built++;
          return client();
        },
      },
      actions,
    );
    expect(built).toBe(0);
    await observer.runAsync({ model: "gpt-image-2", prompt: "A fox" });
    expect(built).toBe(1);
  });

  it("survives an unsubscribe followed by a subscribe in the same task (StrictMode)", async () => {
    const { observer, unsubscribe } = observe();
    const held = holdNext();
    const done = observer.runAsync({ model: "gpt-image-2", prompt: "A fox" });
    await held.arrived;
    unsubscribe();
    const again = observer.subscribe(() => {});
    await Promise.resolve();
    held.release();
    await expect(done).resolves.toMatchObject({ model: "gpt-image-2" });
    expect(observer.getSnapshot().status).toBe("success");
    again();
  });

  it("aborts the request when the last listener leaves for good", async () => {
    const { observer, unsubscribe } = observe();
    const held = holdNext();
    const done = observer.runAsync({ model: "gpt-image-2", prompt: "A fox" }).catch((e) => e);
    await held.arrived;
    unsubscribe();
    expect((await done).name).toBe("APIUserAbortError");
    expect(observer.getSnapshot().status).toBe("idle");
  });

  it("a listener that throws neither hangs the request nor keeps the state from the others, and its error is reported", async () => {
    const observer = new ImageRequestObserver(send, { client: client() }, actions);
    const boom = new Error("a listener's bug");
    observer.subscribe(() => {
      if (observer.getSnapshot().status === "success") throw boom;
    });
    const seen: string[] = [];
    observer.subscribe(() => seen.push(observer.getSnapshot().status));
    const reported = nextUncaughtError();

    await expect(
      observer.runAsync({ model: "gpt-image-2", prompt: "A fox" }),
    ).resolves.toMatchObject({
      model: "gpt-image-2",
    });
    expect(seen).toEqual(["pending", "success"]);
    expect(await reported).toBe(boom);
  });

  it("keeps a settled error for the next subscriber", async () => {
    gateway.faults.enqueue({ type: "rate_limit" });
    const { observer } = observe();
    await observer.runAsync({ model: "gpt-image-2", prompt: "A fox" }).catch(() => {});
    const state = observer.getSnapshot();
    expect(state.status === "error" && RateLimitError.isInstance(state.error)).toBe(true);
  });
});
