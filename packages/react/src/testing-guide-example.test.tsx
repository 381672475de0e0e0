// The testing guide's React example (docs/guides/testing-with-mock.md), run as a test: a page
// whose client has no key, tested through msw handlers that stand in for its route. The code
// between the region markers is the guide's ```tsx block (testing-guide-example.test.ts checks).

// #region guide-example
import { createMockGateway } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { fireEvent, render, screen } from "@testing-library/react";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PictorProvider, useGenerateImage } from "./index";

const gateway = createMockGateway();
const server = setupServer(
  ...handlers(gateway, { baseURL: "http://localhost:3000/api/pictor", apiKey: "test" }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

function GenerateButton() {
  const image = useGenerateImage();
  return (
    <>
      <button
        type="button"
        onClick={() => image.generate({ model: "gemini-3.1-flash-image", prompt: "A fox" })}
      >
        Generate
      </button>
      {image.status === "success" && <img src={image.images[0]?.url} alt="A fox" />}
    </>
  );
}

it("shows the generated image", async () => {
  render(
    <PictorProvider>
      <GenerateButton />
    </PictorProvider>,
  );
  fireEvent.click(screen.getByText("Generate"));

  expect(await screen.findByAltText("A fox", {}, { timeout: 5000 })).toBeTruthy();
  expect(gateway.calls).toMatchObject([{ operation: "generateImages", status: 200 }]);
});
// #endregion guide-example
