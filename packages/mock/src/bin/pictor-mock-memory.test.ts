import { afterEach, expect, it, vi } from "vitest";
import { dataUrl, makePng } from "../faults/__fixtures__/wire";
import type { MockGateway } from "../index";
import { runPictorMock } from "./run-pictor-mock";

// Every gateway the bin creates, to look at what it keeps between requests.
const created: MockGateway[] = [];
vi.mock("../gateway/create-mock-gateway", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../gateway/create-mock-gateway")>();
  return {
    ...actual,
    createMockGateway: (...args: Parameters<typeof actual.createMockGateway>) => {
      const gateway = actual.createMockGateway(...args);
      created.push(gateway);
      return gateway;
    },
  };
});

const stop = new AbortController();
afterEach(() => stop.abort());

it("keeps no request bodies across requests (nobody can read calls in the bin: a long run must not grow)", async () => {
  let announce: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (announce = resolve));
  const exit = runPictorMock(["--port", "0"], {
    stdout: (text) => {
      const url = /listening on (\S+)/.exec(text)?.[1];
      if (url) announce(url);
    },
    stderr: () => {},
    signal: stop.signal,
  });
  const url = await listening;

  // An input image of ~1 MB as the app would send it, five times.
  const image = dataUrl("image/png", makePng(16, 16)) + "A".repeat(1_000_000);
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${url}/images/edits`, {
      method: "POST",
      headers: { authorization: "Bearer any", "content-type": "application/json" },
      body: JSON.stringify({
        model: "gemini-3.1-flash-image",
        prompt: "make it blue",
        images: [{ image_url: image }],
        size: "0.5K",
      }),
    });
    await response.arrayBuffer();
  }

  expect(created).toHaveLength(1);
  const retained = JSON.stringify(created[0]?.calls).length;
  expect(retained).toBeLessThan(10_000);
  stop.abort();
  expect(await exit).toBe(0);
  // Five 1 MB bodies over real HTTP, each parsed and checked: 4.9 s on CI's 2 loaded cores.
}, 30_000);

it("createMockGateway({ maxCalls }) keeps only the latest calls", async () => {
  const { createMockGateway } = await import("../index");
  const gateway = createMockGateway({ maxCalls: 2 });
  for (const query of ["a", "b", "c"])
    await gateway.fetch(new Request(`http://mock/v1/models?q=${query}`));
  expect(gateway.calls.map((call) => call.query)).toEqual([{ q: "b" }, { q: "c" }]);
});
