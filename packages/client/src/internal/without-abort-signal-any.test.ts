// Runtimes without `AbortSignal.any` (Safari before 17.4, Chrome before 116, Firefox before 124):
// `rawClient`'s path, and so every request @pictor/server forwards, must still send, time out and
// abort. openapi-fetch gives every request a signal, so the join happens on each raw call.
import { afterEach, beforeEach, expect, it } from "vitest";
import { Pictor } from "../pictor";
import { rawClient } from "../raw-client";
import { weakAttemptTimeout } from "./attempt-timeout";

const any = Object.getOwnPropertyDescriptor(AbortSignal, "any");
beforeEach(() => {
  Reflect.deleteProperty(AbortSignal, "any");
});
afterEach(() => {
  if (any) Object.defineProperty(AbortSignal, "any", any);
});

const body = JSON.stringify({ object: "list", data: [] });

it("rawClient sends without AbortSignal.any, with or without a caller's signal", async () => {
  expect(AbortSignal.any).toBeUndefined();
  const pictor = new Pictor({
    apiKey: "sk-test",
    baseURL: "https://gateway.test/v1",
    fetch: async () => new Response(body, { headers: { "content-type": "application/json" } }),
  });
  const raw = rawClient(pictor);
  expect((await raw.GET("/models", {})).response.status).toBe(200);
  const caller = new AbortController();
  expect((await raw.GET("/models", { signal: caller.signal })).response.status).toBe(200);
});

it("rawClient still aborts on the caller's signal without AbortSignal.any", async () => {
  const pictor = new Pictor({
    apiKey: "sk-test",
    baseURL: "https://gateway.test/v1",
    maxRetries: 0,
    fetch: (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
  });
  const caller = new AbortController();
  const call = rawClient(pictor).GET("/models", { signal: caller.signal });
  caller.abort(new Error("user left"));
  await expect(call).rejects.toMatchObject({ name: "APIUserAbortError" });
});

it("the weak attempt timeout fires, and follows the caller, without AbortSignal.any", async () => {
  const caller = new AbortController();
  const timed = weakAttemptTimeout(20, caller.signal);
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(timed.signal.aborted).toBe(true);
  expect(timed.signal.reason).toMatchObject({ name: "TimeoutError" });

  const followed = weakAttemptTimeout(60_000, caller.signal);
  caller.abort(new Error("stop"));
  expect(followed.signal.aborted).toBe(true);
  expect(followed.signal.reason).toMatchObject({ message: "stop" });
});
