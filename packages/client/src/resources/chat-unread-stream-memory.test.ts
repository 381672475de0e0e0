import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { useClientTestServer } from "../__fixtures__/client-test-server";

const { client } = useClientTestServer();

describe("a chat stream dropped unread, with a long-lived signal", () => {
  it("lets its request go once its time lapses: the shared signal does not keep it", async () => {
    setFlagsFromString("--expose-gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    // An app's shutdown signal, passed to every call and never aborted.
    const shutdown = new AbortController();
    let released = 0;
    const watch = new FinalizationRegistry(() => {
      released += 1;
    });
    // Watches each request's signal (which holds the request's abort wiring) without holding it.
    const watching: typeof fetch = (input, init) => {
      if (init?.signal) watch.register(init.signal, undefined);
      return fetch(input, init);
    };
    const pictor = client({ fetch: watching, timeout: 300 });
    const streams = 20;
    for (let i = 0; i < streams; i++) {
      // Handed back and never read: a page that went away before the stream was forwarded.
      await pictor.chat.completions.create(
        { model: "openai/gpt-4o", messages: [{ role: "user", content: "Hi" }], stream: true },
        { signal: shutdown.signal },
      );
    }
    // Past the timeout, nothing times an unread stream any more (the consumer's time is its own).
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let round = 0; round < 10 && released < streams; round++) {
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(released).toBe(streams);
  });
});
