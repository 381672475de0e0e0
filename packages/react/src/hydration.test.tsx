import { act, waitFor } from "@testing-library/react";
import { type ReactElement, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { route, setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { PictorProvider } from "./pictor-provider";
import { useEditImage } from "./use-edit-image";
import { useElapsedMs } from "./use-elapsed-ms";
import { useGenerateImage } from "./use-generate-image";
import { useModels } from "./use-models";
import { usePictorClient } from "./use-pictor-client";

const { gateway } = setupPictorRoute();

function App() {
  const image = useGenerateImage();
  const edit = useEditImage();
  const models = useModels();
  const elapsed = useElapsedMs(image);
  // Called in render as hooks are: the client is built on the server as in the browser.
  const pictor = usePictorClient();
  const list = models.status === "success" ? models.models.length : models.status;
  return (
    <p>{`${pictor.baseURL} ${image.status} ${edit.status} ${elapsed} fetching:${models.isFetching} / ${list}`}</p>
  );
}

function Root() {
  return (
    <StrictMode>
      <PictorProvider options={{ baseURL: route, maxRetries: 0 }}>
        <App />
      </PictorProvider>
    </StrictMode>
  );
}

/** The globals a server lacks: hidden while the server HTML is rendered. */
const browserGlobals = ["window", "document", "location", "navigator", "localStorage"];

/**
 * Renders as a Next.js or Remix server does: no DOM globals, and the gateway key its route uses
 * in the environment. The page's code takes its server branches, so a difference from the
 * browser's first render shows up as a hydration mismatch.
 */
function renderOnServer(element: ReactElement): string {
  const hidden = browserGlobals.map((name) => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    Reflect.deleteProperty(globalThis, name);
    return [name, descriptor] as const;
  });
  vi.stubEnv("LLM_GATEWAY_API_KEY", "sk-server-only-key");
  try {
    expect(typeof document).toBe("undefined");
    return renderToString(element);
  } finally {
    vi.stubEnv("LLM_GATEWAY_API_KEY", "");
    for (const [name, descriptor] of hidden)
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
  }
}

describe("hydration", () => {
  it("hydrates HTML rendered without a DOM, with no mismatch, then fetches on the client only", async () => {
    const error = vi.spyOn(console, "error");
    const warn = vi.spyOn(console, "warn");
    const container = document.createElement("div");
    container.innerHTML = renderOnServer(<Root />);
    document.body.append(container);
    expect(container.textContent).toBe(`${route} idle idle 0 fetching:false / idle`);
    expect(gateway.calls).toHaveLength(0);

    const onRecoverableError = vi.fn();
    const root = await act(async () => hydrateRoot(container, <Root />, { onRecoverableError }));
    await waitFor(() =>
      expect(container.textContent).toMatch(/^\/api\/pictor idle idle 0 fetching:false \/ \d+$/),
    );
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    // One list fetch, though StrictMode mounts the effects twice.
    expect(gateway.calls).toHaveLength(1);
    act(() => root.unmount());
    container.remove();
  });
});
