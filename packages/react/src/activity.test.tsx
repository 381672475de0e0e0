import { APIUserAbortError } from "@pictor/client";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { Activity } from "react";
import { describe, expect, it, vi } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { useGenerateImage } from "./use-generate-image";

const { gateway, holdNext, Wrapper } = setupPictorRoute();

let outcome: Promise<unknown> = Promise.resolve();

function GenerateTab() {
  const image = useGenerateImage();
  return (
    <>
      <button
        type="button"
        onClick={() => {
          outcome = image.generateAsync({ model: "gpt-image-2", prompt: "A fox" }).catch((e) => e);
        }}
      >
        Go
      </button>
      <p>status: {image.status}</p>
      {image.status === "success" &&
        image.images.map((shown) => <img key={shown.url} src={shown.url} alt="result" />)}
    </>
  );
}

/** Tabs kept with `<Activity>`, as React 19.2 suggests for state that survives hiding. */
function Tabs({ mode }: { mode: "visible" | "hidden" }) {
  return (
    <Activity mode={mode}>
      <GenerateTab />
    </Activity>
  );
}

describe("inside an <Activity>", () => {
  it("a result kept while hidden is shown again from fresh, unrevoked object URLs", async () => {
    const create = vi.spyOn(URL, "createObjectURL");
    const revoke = vi.spyOn(URL, "revokeObjectURL");
    const { rerender } = render(<Tabs mode="visible" />, { wrapper: Wrapper });
    fireEvent.click(screen.getByRole("button"));
    const first = (await screen.findByRole("img")).getAttribute("src");
    expect(first).toMatch(/^blob:/);

    rerender(<Tabs mode="hidden" />);
    await act(async () => {});
    expect(revoke.mock.calls.map(([url]) => url)).toEqual([first]);

    rerender(<Tabs mode="visible" />);
    await act(async () => {});
    const again = screen.getByRole("img").getAttribute("src");
    expect(again).toMatch(/^blob:/);
    expect(again).not.toBe(first);
    expect(revoke.mock.calls.map(([url]) => url)).not.toContain(again);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it("hiding counts as an unmount: a generation in flight is aborted and the state is idle", async () => {
    const { rerender } = render(<Tabs mode="visible" />, { wrapper: Wrapper });
    const held = holdNext();
    fireEvent.click(screen.getByRole("button"));
    await held.arrived;
    rerender(<Tabs mode="hidden" />);
    await act(async () => {});
    rerender(<Tabs mode="visible" />);
    held.release();
    expect(APIUserAbortError.isInstance(await outcome)).toBe(true);
    expect(screen.getByText(/^status:/).textContent).toBe("status: idle");
    await waitFor(() => expect(gateway.calls[0]?.status).toBe(499));
  });
});
