import { act, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
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

describe("hydration", () => {
  it("hydrates server HTML without a mismatch, then fetches on the client only", async () => {
    const error = vi.spyOn(console, "error");
    const warn = vi.spyOn(console, "warn");
    const container = document.createElement("div");
    container.innerHTML = renderToString(<Root />);
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
