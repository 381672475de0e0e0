import { Writable } from "node:stream";
import type { MockGateway } from "@pictor/mock";
import { expect, it, onTestFinished, vi } from "vitest";
import { encodeTestPng } from "../__fixtures__/files";
import { runCli } from "../run-cli";

// Every gateway `pictor serve` creates, to look at what it keeps between requests.
const created: MockGateway[] = [];
vi.mock("@pictor/mock", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@pictor/mock")>();
  return {
    ...actual,
    createMockGateway: (...args: Parameters<typeof actual.createMockGateway>) => {
      const gateway = actual.createMockGateway(...args);
      created.push(gateway);
      return gateway;
    },
  };
});

it("keeps no request bodies across requests (a dev server left running all day must not grow)", async () => {
  let announce: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (announce = resolve));
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const url = /listening on (\S+)/.exec(String(chunk))?.[1];
      if (url) announce(url);
      callback();
    },
  });
  const stderr = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const stop = new AbortController();
  onTestFinished(() => stop.abort());
  const exit = runCli(["serve", "--port", "0"], { stdout, stderr, env: {}, signal: stop.signal });
  const url = await listening;

  // An input image of ~1 MB as a page would send it (a PNG with trailing bytes), five times.
  const bytes = Buffer.concat([encodeTestPng(16, 16), Buffer.alloc(750_000, 7)]);
  const image = `data:image/png;base64,${bytes.toString("base64")}`;
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
    expect(response.status).toBe(200);
  }

  expect(created).toHaveLength(1);
  expect(JSON.stringify(created[0]?.calls).length).toBeLessThan(10_000);
  stop.abort();
  expect(await exit).toBe(0);
});
