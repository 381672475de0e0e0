import { act, fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { useGenerateImage } from "./use-generate-image";

const { Wrapper } = setupPictorRoute();
const params = { model: "gpt-image-2", prompt: "A harbour", n: 2 } as const;

function spyOnObjectUrls() {
  return {
    create: vi.spyOn(URL, "createObjectURL"),
    revoke: vi.spyOn(URL, "revokeObjectURL"),
  };
}

/** The URLs `createObjectURL` returned, in order. */
function created(create: ReturnType<typeof spyOnObjectUrls>["create"]): string[] {
  return create.mock.results.map((result) => String(result.value));
}

function Gallery() {
  const image = useGenerateImage();
  return (
    <>
      <button type="button" onClick={() => image.generate(params)}>
        Go
      </button>
      {image.status === "success" &&
        image.images.map((shown, index) => (
          <img key={shown.url} src={shown.url} alt={`result ${index}`} />
        ))}
    </>
  );
}

describe("object URLs", () => {
  it("are made only when `url` is read, once per image", async () => {
    const { create } = spyOnObjectUrls();
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    await act(() => result.current.generateAsync(params));
    const state = result.current;
    if (state.status !== "success") throw new Error("expected success");
    expect(create).not.toHaveBeenCalled();

    const first = state.images[0]?.url;
    expect(first).toMatch(/^blob:/);
    expect(state.images[0]?.url).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
    state.images[1]?.url;
    expect(create).toHaveBeenCalledTimes(2);
  });

  it("are revoked, all of them, on reset; a late read gets a data: URL and makes none", async () => {
    const { create, revoke } = spyOnObjectUrls();
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    await act(() => result.current.generateAsync(params));
    const state = result.current;
    if (state.status !== "success") throw new Error("expected success");
    const urls = state.images.map((image) => image.url);

    act(() => result.current.reset());
    expect(revoke.mock.calls.map(([url]) => url)).toEqual(urls);
    expect(state.images[0]?.url).toMatch(/^data:image\/png;base64,/);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it("a late read makes the data: URL once and gives that same string to every read after", async () => {
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    await act(() => result.current.generateAsync(params));
    const state = result.current;
    if (state.status !== "success") throw new Error("expected success");
    const [shown] = state.images;
    if (!shown) throw new Error("expected an image");
    act(() => result.current.reset());
    // Counts the builds of the data: URL (a string the size of the image) without changing them.
    const built = vi.spyOn(shown.image, "dataURL", "get");

    const reads = [shown.url, shown.url, shown.url];
    expect(reads[0]).toBe(shown.image.dataURL);
    expect(new Set(reads).size).toBe(1);
    expect(built).toHaveBeenCalledTimes(2); // the first read, and the check just above
  });

  it("of the previous result are revoked when a new generation starts", async () => {
    const { create, revoke } = spyOnObjectUrls();
    const { result } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    await act(() => result.current.generateAsync(params));
    const before = result.current;
    if (before.status !== "success") throw new Error("expected success");
    const oldUrls = before.images.map((image) => image.url);

    await act(() => result.current.generateAsync({ ...params, prompt: "Another harbour" }));
    expect(revoke.mock.calls.map(([url]) => url)).toEqual(oldUrls);
    const after = result.current;
    if (after.status !== "success") throw new Error("expected success");
    const newUrls = after.images.map((image) => image.url);
    expect(newUrls.some((url) => oldUrls.includes(url))).toBe(false);
    expect(created(create)).toEqual([...oldUrls, ...newUrls]);
    expect(revoke).toHaveBeenCalledTimes(2);
  });

  it("are revoked when the component unmounts, and only then", async () => {
    const { create, revoke } = spyOnObjectUrls();
    const { rerender, unmount } = render(<Gallery />, { wrapper: Wrapper });
    fireEvent.click(screen.getByRole("button"));
    expect(await screen.findAllByRole("img")).toHaveLength(2);
    // Re-rendering reads `url` again: still the same two URLs.
    rerender(<Gallery />);
    rerender(<Gallery />);
    expect(create).toHaveBeenCalledTimes(2);
    expect(revoke).not.toHaveBeenCalled();

    unmount();
    await waitFor(() => expect(revoke).toHaveBeenCalledTimes(2));
    expect(revoke.mock.calls.map(([url]) => url).sort()).toEqual(created(create).sort());
  });

  it("are never made for a result no one displays", async () => {
    const { create, revoke } = spyOnObjectUrls();
    const { result, unmount } = renderHook(() => useGenerateImage(), { wrapper: Wrapper });
    await act(() => result.current.generateAsync(params));
    act(() => result.current.reset());
    unmount();
    await act(async () => {});
    expect(create).not.toHaveBeenCalled();
    expect(revoke).not.toHaveBeenCalled();
  });
});
