import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { describe, expect, it, vi } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { useGenerateImage } from "./use-generate-image";
import { useModels } from "./use-models";

const { gateway, holdNext, Wrapper } = setupPictorRoute();

function Page() {
  const image = useGenerateImage();
  const models = useModels();
  return (
    <>
      <p>models: {models.status === "success" ? models.models.length : models.status}</p>
      <button
        type="button"
        onClick={() => image.generate({ model: "gpt-image-2", prompt: "A fox", n: 2 })}
      >
        Go
      </button>
      <p>image: {image.status}</p>
      {image.status === "success" &&
        image.images.map((shown, index) => (
          <img key={shown.url} src={shown.url} alt={`result ${index}`} />
        ))}
    </>
  );
}

describe("StrictMode", () => {
  it("lists the models with one request despite the double effects", async () => {
    render(
      <StrictMode>
        <Page />
      </StrictMode>,
      { wrapper: Wrapper },
    );
    await screen.findByText(/^models: \d+$/);
    expect(gateway.calls.filter((call) => call.operation === "listModels")).toHaveLength(1);
    // No aborted fetch either: StrictMode's simulated unmount did not tear anything down.
    expect(gateway.calls.map((call) => call.status)).toEqual([200]);
  });

  it("generates with one request, one URL per image, all revoked at unmount", async () => {
    const create = vi.spyOn(URL, "createObjectURL");
    const revoke = vi.spyOn(URL, "revokeObjectURL");
    const { unmount } = render(
      <StrictMode>
        <Page />
      </StrictMode>,
      { wrapper: Wrapper },
    );
    await screen.findByText(/^models: \d+$/);
    fireEvent.click(screen.getByRole("button", { name: "Go" }));
    const images = await screen.findAllByRole("img");
    expect(images.map((image) => image.getAttribute("src"))).toEqual(
      create.mock.results.map((result) => result.value),
    );
    // StrictMode renders twice; each image still made exactly one URL.
    expect(create).toHaveBeenCalledTimes(2);
    expect(gateway.calls.filter((call) => call.operation === "generateImages")).toHaveLength(1);

    unmount();
    await waitFor(() => expect(revoke).toHaveBeenCalledTimes(2));
  });

  it("a real unmount aborts a generation in flight", async () => {
    const { unmount } = render(
      <StrictMode>
        <Page />
      </StrictMode>,
      { wrapper: Wrapper },
    );
    await screen.findByText(/^models: \d+$/);
    const held = holdNext();
    fireEvent.click(screen.getByRole("button", { name: "Go" }));
    await held.arrived;
    unmount();
    await act(async () => {});
    held.release();
    await waitFor(() =>
      expect(gateway.calls.find((call) => call.operation === "generateImages")?.status).toBe(499),
    );
  });
});
