// @vitest-environment node
// A real server: no window, no document, no location. Importing the package must not touch
// them, and rendering must give the idle state without building a client or fetching.
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PictorProvider, useEditImage, useElapsedMs, useGenerateImage, useModels } from "./index";

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

describe("server rendering", () => {
  it("runs where there is no window", () => {
    expect("window" in globalThis).toBe(false);
    expect("location" in globalThis).toBe(false);
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
});
