import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { useGenerateImage } from "./use-generate-image";

const { gateway, holdNext, Wrapper } = setupPictorRoute();

/** Records the status of every render of the component that owns the hook. */
function Counted({ renders }: { renders: string[] }) {
  const image = useGenerateImage();
  renders.push(image.status);
  return (
    <>
      <button
        type="button"
        onClick={() => image.generate({ model: "gpt-image-2", prompt: "A fox", n: 2 })}
      >
        Go
      </button>
      <p>{image.status}</p>
      {image.status === "success" &&
        image.images.map((shown, index) => (
          <img key={shown.url} src={shown.url} alt={`result ${index}`} />
        ))}
    </>
  );
}

describe("renders", () => {
  it("exactly once per state transition: idle → pending → success", async () => {
    const renders: string[] = [];
    render(<Counted renders={renders} />, { wrapper: Wrapper });
    expect(renders).toEqual(["idle"]);

    const held = holdNext();
    fireEvent.click(screen.getByRole("button"));
    await held.arrived;
    expect(renders).toEqual(["idle", "pending"]);
    held.release();
    await screen.findAllByRole("img");
    expect(renders).toEqual(["idle", "pending", "success"]);
  });

  it("exactly once per state transition: idle → pending → error", async () => {
    gateway.faults.enqueue({ type: "server_error", status: 502 });
    const renders: string[] = [];
    render(<Counted renders={renders} />, { wrapper: Wrapper });
    fireEvent.click(screen.getByRole("button"));
    await screen.findByText("error");
    expect(renders).toEqual(["idle", "pending", "error"]);
  });
});
