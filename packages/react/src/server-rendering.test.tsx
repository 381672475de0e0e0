// @vitest-environment node
// A real server: no window, no document, no location. Importing the package must not touch
// them, and rendering must give the idle state without building a client or fetching.
import { Pictor } from "@pictor/client";
import { createMockGateway } from "@pictor/mock";
import type { ReactNode } from "react";
import { renderToReadableStream, renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ModelListObserver,
  PictorProvider,
  useEditImage,
  useElapsedMs,
  useGenerateImage,
  useModels,
  usePictorClient,
} from "./index";

/** The gateway key a Next.js or Remix server holds for its @pictor/server route. */
const serverKey = "sk-server-only-key";

/** What a page could reach on a server by mistake: read through getters that record the name. */
const browserGlobals = ["window", "document", "localStorage", "sessionStorage", "location"];

/** Records every read of a browser global until the returned function removes the getters. */
function watchBrowserGlobals(touched: string[]): () => void {
  for (const name of browserGlobals) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  return () => {
    for (const name of browserGlobals) Reflect.deleteProperty(globalThis, name);
  };
}

function Page() {
  const image = useGenerateImage();
  const edit = useEditImage();
  const models = useModels();
  const elapsed = useElapsedMs(image);
  return (
    <main>
      <p>image: {image.status}</p>
      <p>edit: {edit.status}</p>
      <p>models: {models.status}</p>
      <p>elapsed: {elapsed}</p>
    </main>
  );
}

/** A client for a full URL, where a fetch during the render could really go out. */
const remoteClient = new Pictor({ baseURL: "https://app.example/api/pictor" });

function RemoteModels() {
  const models = useModels({ client: remoteClient });
  return <p>remote models: {models.status}</p>;
}

/** The provider's client, called for as a page does: in render. */
function Route() {
  const pictor = usePictorClient();
  return <p>route: {JSON.stringify(pictor)}</p>;
}

/** A gateway behind a client shared by every request the server renders (a module-level one). */
const sharedGateway = createMockGateway();
const sharedClient = new Pictor({
  baseURL: "https://gateway.example/v1",
  apiKey: serverKey,
  fetch: (input, init) => sharedGateway.fetch(new Request(input, init)),
});

function SharedModels() {
  const models = useModels({ client: sharedClient });
  return <p>shared models: {models.status}</p>;
}

/** The pages a server renders, each with the provider set up as a browser app documents it. */
const pages: [string, () => ReactNode][] = [
  [
    "the default provider (/api/pictor, no key)",
    () => (
      <PictorProvider>
        <Page />
        <RemoteModels />
      </PictorProvider>
    ),
  ],
  [
    "a client for the app's route",
    () => (
      <PictorProvider client={new Pictor({ baseURL: "/api/pictor" })}>
        <Page />
      </PictorProvider>
    ),
  ],
  [
    "a client with a public key and dangerouslyAllowBrowser",
    () => (
      <PictorProvider
        client={
          new Pictor({
            apiKey: "pk-public",
            baseURL: "https://gateway.example/v1",
            dangerouslyAllowBrowser: true,
          })
        }
      >
        <Page />
      </PictorProvider>
    ),
  ],
];

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("server rendering", () => {
  it("runs where there is no window", () => {
    expect("window" in globalThis).toBe(false);
    expect("document" in globalThis).toBe(false);
    expect("location" in globalThis).toBe(false);
  });

  it("imports without reading a browser global", async () => {
    const touched: string[] = [];
    const restore = watchBrowserGlobals(touched);
    try {
      vi.resetModules();
      const reactPackage = await import("./index");
      expect(reactPackage.useGenerateImage).toBeTypeOf("function");
    } finally {
      restore();
    }
    expect(touched).toEqual([]);
  });

  it("renders every hook as idle behind a provider with a path baseURL", () => {
    const requests: string[] = [];
    const html = renderToString(
      <PictorProvider
        options={{
          baseURL: "/api/pictor",
          fetch: (input) => {
            requests.push(String(input));
            return Promise.reject(new Error("no fetch during a server render"));
          },
        }}
      >
        <Page />
      </PictorProvider>,
    );
    expect(html).toContain("image: <!-- -->idle");
    expect(html).toContain("edit: <!-- -->idle");
    expect(html).toContain("models: <!-- -->idle");
    expect(html).toContain("elapsed: <!-- -->0");
    expect(requests).toEqual([]);
  });

  it("builds the provider's client in usePictorClient() during a server render and sends nothing", () => {
    vi.stubEnv("LLM_GATEWAY_API_KEY", serverKey);
    const fetch = vi.spyOn(globalThis, "fetch");
    const html = renderToString(
      <PictorProvider>
        <Route />
        <Page />
      </PictorProvider>,
    );
    expect(html).toContain("route: <!-- -->{&quot;baseURL&quot;:&quot;/api/pictor&quot;}");
    expect(html).toContain("models: <!-- -->idle");
    expect(html).not.toContain(serverKey);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each(pages)(
    "renders %s with no request, timer, object URL, browser global or warning",
    async (_, page) => {
      vi.stubEnv("LLM_GATEWAY_API_KEY", serverKey);
      const fetch = vi.spyOn(globalThis, "fetch");
      const setTimeout = vi.spyOn(globalThis, "setTimeout");
      const setInterval = vi.spyOn(globalThis, "setInterval");
      const createObjectURL = vi.spyOn(URL, "createObjectURL");
      const error = vi.spyOn(console, "error");
      const warn = vi.spyOn(console, "warn");
      // The page (and the clients it builds) is made before the watch: only React's render and
      // the hooks are under it.
      const element = page();
      const touched: string[] = [];
      const restore = watchBrowserGlobals(touched);
      let html: string;
      let streamed: string;
      try {
        html = renderToString(element);
        expect(setTimeout).not.toHaveBeenCalled();
        expect(setInterval).not.toHaveBeenCalled();
        streamed = await new Response(await renderToReadableStream(element)).text();
      } finally {
        restore();
      }
      expect(touched).toEqual([]);
      expect(html).toContain("models: <!-- -->idle");
      expect(streamed).toContain("models: <!-- -->idle");
      expect(html).not.toContain(serverKey);
      expect(streamed).not.toContain(serverKey);
      expect(fetch).not.toHaveBeenCalled();
      expect(createObjectURL).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    },
  );

  it("shows no list cached in the server's process: every render is idle and fetches nothing", async () => {
    // Something on the server fetched the shared client's list: a render for any user must not
    // show it (it could be another user's).
    const observer = new ModelListObserver({ client: sharedClient }, (self) => ({
      refetch: self.refetch,
    }));
    const unsubscribe = observer.subscribe(() => {});
    expect((await observer.refetch()).status).toBe("success");
    const fetched = sharedGateway.calls.length;
    for (const html of [renderToString(<SharedModels />), renderToString(<SharedModels />)])
      expect(html).toContain("shared models: <!-- -->idle");
    expect(sharedGateway.calls).toHaveLength(fetched);
    unsubscribe();
  });
});
