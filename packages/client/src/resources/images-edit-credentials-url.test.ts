import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { caught, imageHost, useClientTestServer } from "../__fixtures__/client-test-server";
import { pngOf } from "../__fixtures__/image-bytes";
import { RequestValidationError } from "../core/errors";

const { gateway, server, client } = useClientTestServer();
const model = "openai/gpt-image-2";
const png = await pngOf(16, 16);

describe("images.edit: an https input with a user name and password in it", () => {
  it("says why it is refused (fetch refuses such URLs), not that its live host could not be reached", async () => {
    server.use(http.get(`${imageHost}/cat.png`, () => new HttpResponse(png.slice())));
    const url = "https://user:s3cret@images.example.test/cat.png";

    const error = await caught(() => client().images.edit({ model, prompt: "x", images: [url] }));

    expect(RequestValidationError.isInstance(error)).toBe(true);
    const [issue] = (error as RequestValidationError).issues;
    expect(issue?.path).toBe("images.0");
    expect(issue?.message).not.toContain("could not be reached");
    expect(issue?.message).toMatch(/user name|password|credentials/);
    expect(JSON.stringify(issue)).not.toContain("s3cret");
    expect(gateway.calls).toHaveLength(0);
  });
});
