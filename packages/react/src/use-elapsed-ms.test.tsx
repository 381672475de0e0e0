import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { useElapsedMs } from "./use-elapsed-ms";
import { type UseGenerateImageResult, useGenerateImage } from "./use-generate-image";

const { holdNext, Wrapper } = setupPictorRoute();

let clock = 0;
const now = () => clock;

function Timer({ image, renders }: { image: UseGenerateImageResult; renders: number[] }) {
  const elapsed = useElapsedMs(image, 100);
  renders.push(elapsed);
  return <p>elapsed: {elapsed}</p>;
}

function Page({ parent, timer }: { parent: string[]; timer: number[] }) {
  const image = useGenerateImage({ now });
  parent.push(image.status);
  return (
    <>
      <button
        type="button"
        onClick={() => image.generate({ model: "gpt-image-2", prompt: "A fox" })}
      >
        Go
      </button>
      <Timer image={image} renders={timer} />
    </>
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe("useElapsedMs", () => {
  it("re-renders only its own component on an interval while pending, and stops at settle", async () => {
    // Only the interval is faked: msw and the gateway keep real timers.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    clock = 1_000;
    const parent: string[] = [];
    const timer: number[] = [];
    render(<Page parent={parent} timer={timer} />, { wrapper: Wrapper });
    const held = holdNext();
    fireEvent.click(screen.getByRole("button"));
    await held.arrived;
    expect(timer).toEqual([0, 0]);

    for (const step of [100, 200, 300]) {
      clock = 1_000 + step;
      act(() => vi.advanceTimersByTime(100));
    }
    expect(timer).toEqual([0, 0, 100, 200, 300]);
    expect(screen.getByText("elapsed: 300")).toBeTruthy();
    // The hook's owner did not re-render for the ticks.
    expect(parent).toEqual(["idle", "pending"]);

    clock = 1_420;
    held.release();
    await screen.findByText("elapsed: 420");
    const settled = timer.length;
    act(() => vi.advanceTimersByTime(1_000));
    expect(timer).toHaveLength(settled);
    expect(vi.getTimerCount()).toBe(0);
  });
});
