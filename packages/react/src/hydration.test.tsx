import { act, waitFor } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { route, setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { PictorProvider } from "./pictor-provider";
import { useGenerateImage } from "./use-generate-image";
import { useModels } from "./use-models";

const { gateway } = setupPictorRoute();

function App() {
  const image = useGenerateImage();
  const models = useModels();
  return (
    <p>
      {image.status} / {models.status === "success" ? models.models.length : models.status}
    </p>
  );
}

function Root() {
  return (
    <PictorProvider options={{ baseURL: route, maxRetries: 0 }}>
      <App />
    </PictorProvider>
  );
}

describe("hydration", () => {
  it("hydrates server HTML without a mismatch, then fetches on the client only", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(<Root />);
    document.body.append(container);
    expect(container.textContent).toBe("idle / idle");
    expect(gateway.calls).toHaveLength(0);

    const onRecoverableError = vi.fn();
    const root = await act(async () => hydrateRoot(container, <Root />, { onRecoverableError }));
    await waitFor(() => expect(container.textContent).toMatch(/^idle \/ \d+$/));
    expect(onRecoverableError).not.toHaveBeenCalled();
    expect(gateway.calls).toHaveLength(1);
    act(() => root.unmount());
    container.remove();
  });
});
