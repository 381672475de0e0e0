import { RequestValidationError } from "@pictor/client";
import { encodeBase64, renderPromptImage } from "@pictor/mock";
import { act, fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { setupPictorRoute } from "./__fixtures__/setup-pictor-route";
import { useEditImage } from "./use-edit-image";
import { useGenerateImage } from "./use-generate-image";

const { gateway, Wrapper } = setupPictorRoute();

function Editor() {
  const edit = useEditImage();
  return (
    <>
      <label>
        Photo
        <input
          type="file"
          accept="image/*"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file)
              edit.edit({
                model: "gemini-3.1-flash-image",
                prompt: "As a watercolor",
                images: [file],
              });
          }}
        />
      </label>
      <p>status: {edit.status}</p>
      {edit.status === "success" &&
        edit.images.map((shown, index) => (
          <img key={shown.url} src={shown.url} alt={`edited ${index}`} />
        ))}
      {edit.status === "error" && <p role="alert">{edit.error.message}</p>}
    </>
  );
}

describe("useEditImage", () => {
  it("edits a File picked in an <input type=file> and shows the result from a blob: URL", async () => {
    const png = await renderPromptImage({
      prompt: "a cat",
      model: "m",
      index: 0,
      width: 64,
      height: 64,
    });
    const file = new File([new Uint8Array(png)], "photo.png", { type: "image/png" });
    render(<Editor />, { wrapper: Wrapper });

    fireEvent.change(screen.getByLabelText("Photo"), { target: { files: [file] } });
    const image = await screen.findByRole("img");
    expect(image.getAttribute("src")).toMatch(/^blob:/);

    expect(gateway.calls.map((call) => [call.operation, call.status])).toEqual([
      ["editImages", 200],
    ]);
    // The file went out as a data URL of exactly its bytes.
    expect(gateway.calls[0]?.body).toMatchObject({
      images: [{ image_url: `data:image/png;base64,${encodeBase64(png)}` }],
    });
  });

  it("rejects an input that is not an image before sending anything", async () => {
    const text = new File(["hello"], "notes.txt", { type: "text/plain" });
    render(<Editor />, { wrapper: Wrapper });
    fireEvent.change(screen.getByLabelText("Photo"), { target: { files: [text] } });
    expect((await screen.findByRole("alert")).textContent).toMatch(/images\.0/);
    expect(gateway.calls).toHaveLength(0);
  });

  it("calls onSettled with the edit's error and parameters once it fails", async () => {
    const text = new File(["hello"], "notes.txt", { type: "text/plain" });
    const onSettled = vi.fn();
    const { result } = renderHook(() => useEditImage({ onSettled }), { wrapper: Wrapper });
    const params = { model: "gemini-3.1-flash-image", prompt: "As a watercolor", images: [text] };
    let caught: unknown;
    await act(async () => {
      caught = await result.current.editAsync(params).catch((e) => e);
    });
    expect(RequestValidationError.isInstance(caught)).toBe(true);
    expect(onSettled).toHaveBeenCalledExactlyOnceWith(undefined, caught, params);
  });

  it("takes an image generated earlier as its input", async () => {
    const { result } = renderHook(() => ({ gen: useGenerateImage(), edit: useEditImage() }), {
      wrapper: Wrapper,
    });
    const generated = await result.current.gen.generateAsync({
      model: "gemini-3.1-flash-image",
      prompt: "A lighthouse",
    });
    const [first] = generated.images;
    if (!first) throw new Error("expected an image");
    const edited = await result.current.edit.editAsync({
      model: "gemini-3.1-flash-image",
      prompt: "At night",
      images: [first],
    });
    expect(edited.images).toHaveLength(1);
    expect(gateway.calls[1]?.body).toMatchObject({ images: [{ image_url: first.dataURL }] });
    await waitFor(() => expect(result.current.edit.status).toBe("success"));
  });
});
