import { encodeBase64 } from "@pictor/contract";
import { HttpResponse, http } from "msw";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import {
  baseURL,
  caught,
  imageHost,
  useClientTestServer,
} from "../__fixtures__/client-test-server";
import { jpegOf, notAnImage, pngOf } from "../__fixtures__/image-bytes";
import { settleWithFakeTimers } from "../__fixtures__/resilience-helpers";
import { APIUserAbortError, RequestValidationError, type ValidationIssue } from "../core/errors";
import { GeneratedImage } from "../core/generated-image";
import type { ImageInput } from "../core/image-input";

/** https inputs the mock gateway can "download" to read their size, as providers would. */
const remoteImages = new Map<string, Uint8Array>();
const { gateway, server, client } = useClientTestServer({ remoteImages });

// GPT Image edits in the shape of the first input when no size is asked for (the mock derives the
// output from it): these small inputs, below its 655,360-pixel minimum, come back at the area of
// its 1024x1024 default (96x64 as 1248x832, 40x30 as 1184x880).
const model = "openai/gpt-image-2";
const png = await pngOf(96, 64, "edit input");
const pngDataURL = `data:image/png;base64,${encodeBase64(png)}`;
const catURL = `${imageHost}/cat.png`;
remoteImages.set(catURL, png);

/** The `image_url`s the gateway received in a call's body. */
function sentImageURLs(call = 0): string[] {
  const body = gateway.calls[call]?.body;
  const images =
    typeof body === "object" && body !== null && "images" in body && Array.isArray(body.images)
      ? body.images
      : [];
  return images.map((image: unknown) =>
    typeof image === "object" && image !== null && "image_url" in image
      ? String(image.image_url)
      : "",
  );
}

function issuesOf(error: unknown): readonly ValidationIssue[] {
  if (!RequestValidationError.isInstance(error)) throw error;
  return error.issues;
}

describe("images.edit input forms", () => {
  const forms: [string, () => ImageInput, string][] = [
    ["an https URL", () => catURL, catURL],
    ["a data URL", () => pngDataURL, pngDataURL],
    ["raw base64", () => encodeBase64(png), pngDataURL],
    ["a Uint8Array", () => png, pngDataURL],
    ["an ArrayBuffer", () => png.slice().buffer, pngDataURL],
    ["a Blob", () => new Blob([png]), pngDataURL],
    ["a File", () => new File([png], "cat.png", { type: "image/png" }), pngDataURL],
  ];

  it.each(forms)(
    "sends %s as image_url and returns an image in the input's shape",
    async (_, input, expected) => {
      const result = await client().images.edit({
        model,
        prompt: "Make it a watercolor",
        images: [input()],
      });

      expect(gateway.calls).toHaveLength(1);
      expect(gateway.calls[0]?.path).toBe("/v1/images/edits");
      expect(sentImageURLs()).toEqual([expected]);
      expect(result.images).toHaveLength(1);
      expect(result.images[0]?.mediaType).toBe("image/png");
      expect([result.images[0]?.width, result.images[0]?.height]).toEqual([1248, 832]);
      expect(result.images[0]?.revisedPrompt).toBe("Make it a watercolor");
    },
  );

  it("sends a GeneratedImage from an earlier generate as its PNG data URL", async () => {
    const pictor = client();
    const generated = await pictor.images.generate({ model, prompt: "A cat", size: "1024x640" });
    const [image] = generated.images;
    if (!image) throw new Error("no image generated");
    expect(image).toBeInstanceOf(GeneratedImage);

    const result = await pictor.images.edit({ model, prompt: "Add a hat", images: [image] });

    expect(gateway.calls.map((call) => call.path)).toEqual([
      "/v1/images/generations",
      "/v1/images/edits",
    ]);
    expect(sentImageURLs(1)).toEqual([image.dataURL]);
    expect(image.dataURL.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);
    expect([result.images[0]?.width, result.images[0]?.height]).toEqual([1024, 640]);
  });

  it("sniffs a hand-built JPEG and sends it as data:image/jpeg", async () => {
    const jpeg = jpegOf(40, 30);

    const result = await client().images.edit({ model, prompt: "Sharpen", images: [jpeg] });

    expect(sentImageURLs()).toEqual([`data:image/jpeg;base64,${encodeBase64(jpeg)}`]);
    expect([result.images[0]?.width, result.images[0]?.height]).toEqual([1184, 880]);
  });

  it("labels bytes by what they are, not by the data URL's claimed type", async () => {
    const jpeg = jpegOf(40, 30);

    await client().images.edit({
      model,
      prompt: "Sharpen",
      images: [`data:image/png;base64,${encodeBase64(jpeg)}`],
    });

    expect(sentImageURLs()).toEqual([`data:image/jpeg;base64,${encodeBase64(jpeg)}`]);
  });

  it("sends several inputs in order and derives the result from the first", async () => {
    const jpeg = jpegOf(40, 30);

    const result = await client().images.edit({
      model,
      prompt: "Combine them",
      images: [jpeg, catURL, png],
    });

    expect(sentImageURLs()).toEqual([
      `data:image/jpeg;base64,${encodeBase64(jpeg)}`,
      catURL,
      pngDataURL,
    ]);
    expect([result.images[0]?.width, result.images[0]?.height]).toEqual([1184, 880]);
  });
});

describe("images.edit rejects bad inputs before sending (RequestValidationError)", () => {
  it("an http (not https) URL", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.edit({
          model,
          prompt: "x",
          images: ["http://images.example.test/cat.png"],
        }),
      ),
    );

    expect(issues).toEqual([
      {
        path: "images.0",
        message: "the gateway fetches only https URLs; use https or pass the bytes",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("bytes that are not an image, naming their index", async () => {
    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: [png, notAnImage] })),
    );

    expect(issues).toEqual([
      {
        path: "images.1",
        message:
          "is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its first bytes match none of them)",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("text that is no base64", async () => {
    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: ["a cat, please!"] })),
    );

    expect(issues).toEqual([
      {
        path: "images.0",
        message:
          "is not an https, data: or blob: URL or base64 image data: pass one of those, its bytes or Blob; a file on Node: imageFromFile(path) from @pictor/client/node",
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a data URL of text/plain", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.edit({ model, prompt: "x", images: ["data:text/plain;base64,aGVsbG8="] }),
      ),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["images.0"]);
    expect(issues[0]?.message).toMatch(
      /not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image/,
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("more images than the model takes (qwen-image-edit-plus takes 3)", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.edit({
          model: "alibaba/qwen-image-edit-plus",
          prompt: "merge",
          images: [png, png, png, png],
        }),
      ),
    );

    expect(issues).toEqual([
      {
        path: "images",
        message: 'model "alibaba/qwen-image-edit-plus" takes at most 3 input image(s), got 4',
        accepted: undefined,
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a model's own limit past /images/edits' 16 holds where the call goes through chat (a seed): Tencent takes 20", async () => {
    const tencent = "tencent/hy-image-v3.5-preview";
    const images = (count: number) => Array.from({ length: count }, () => png);

    const viaChat = await client().images.edit({
      model: tencent,
      prompt: "merge",
      images: images(18),
      seed: 7,
    });
    const [sent] = gateway.calls;
    const tooMany = issuesOf(
      await caught(() =>
        client().images.edit({ model: tencent, prompt: "merge", images: images(21), seed: 7 }),
      ),
    );
    // Without a seed it goes to /images/edits, whose spec takes 16 at most.
    const viaImages = issuesOf(
      await caught(() =>
        client().images.edit({ model: tencent, prompt: "merge", images: images(18) }),
      ),
    );

    expect(viaChat.images).toHaveLength(1);
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(JSON.stringify(sent?.body).match(/data:image\/png;base64,/g)).toHaveLength(18);
    expect(tooMany.map((issue) => issue.message)).toEqual([
      `model "${tencent}" takes at most 20 input image(s), got 21`,
    ]);
    expect(viaImages.map((issue) => issue.path)).toEqual(["images"]);
    expect(viaImages[0]?.message).toContain("16");
    expect(gateway.calls).toHaveLength(1);
  });

  it("a model that cannot edit, when its id is only known at run time", async () => {
    const textToImage: string = "zai/cogview-4";

    const issues = issuesOf(
      await caught(() => client().images.edit({ model: textToImage, prompt: "x", images: [png] })),
    );

    expect(issues).toEqual([
      {
        path: "images",
        message:
          'model "zai/cogview-4" cannot edit images (it takes no input image); pick a model with edit support',
        accepted: undefined,
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  // The gateway's mappings of these Seedream models take no image input (vision: false): it
  // answers an edit, or a chat with an input image, with 400 "does not support image input".
  it.each(["bytedance/seedream-4-0", "bytedance/seedream-4-5", "bytedance/seedream-5-0-lite"])(
    "a Seedream model the gateway gives no image input (%s)",
    async (seedream: string) => {
      const issues = issuesOf(
        await caught(() => client().images.edit({ model: seedream, prompt: "x", images: [png] })),
      );

      expect(issues).toEqual([
        {
          path: "images",
          message: `model "${seedream}" cannot edit images (it takes no input image); pick a model with edit support`,
          accepted: undefined,
        },
      ]);
      expect(gateway.calls).toHaveLength(0);
    },
  );

  it("an input over 20 MiB, as bytes or as a Blob", async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(png);

    const issues = issuesOf(
      await caught(() =>
        client().images.edit({ model, prompt: "x", images: [big, new Blob([big])] }),
      ),
    );

    expect(issues).toEqual([
      { path: "images.0", message: "is 20.1 MiB; input images may be at most 20 MiB" },
      { path: "images.1", message: "is 20.1 MiB; input images may be at most 20 MiB" },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("an empty image list", async () => {
    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: [] })),
    );

    expect(issues).toEqual([
      {
        path: "images",
        message: "images needs at least one input image, e.g. images: [image]",
        accepted: undefined,
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a mask (openai-node's inpainting input), which the gateway has none of: refused by name, not sent and ignored", async () => {
    // Options kept from openai-node's `images.edit({ image, mask, prompt })`: spread, they compile.
    const fromOpenAI = { mask: png };
    const issues = issuesOf(
      await caught(() =>
        client().images.edit({ model, prompt: "Add a hat", images: [png], ...fromOpenAI }),
      ),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["mask"]);
    expect(issues[0]?.message).toBe(
      "Unknown parameter: the gateway has no mask: describe the area to change in the prompt",
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("reports every bad input at once", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.edit({
          model,
          prompt: "x",
          images: [
            "http://a.example.test/1.png",
            png,
            notAnImage,
            "data:text/plain;base64,aGVsbG8=",
          ],
        }),
      ),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["images.0", "images.2", "images.3"]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("refuses inputs that add up to more than one request may carry", async () => {
    // Each within the 20 MiB per image; together 48 MiB as base64.
    const large = new Uint8Array(12 * 1024 * 1024);
    large.set(png);

    const issues = issuesOf(
      await caught(() =>
        client().images.edit({ model, prompt: "x", images: [large, large, large] }),
      ),
    );

    expect(issues).toEqual([
      { path: "images", message: expect.stringContaining("the input images add up to 48.1 MiB") },
    ]);
    expect(gateway.calls).toHaveLength(0);
    // 36 MiB of input read and measured: 3.6 s under load, 17 s on 2 cores with busy loops beside.
  }, 30_000);

  it("refuses an edit without a model, or with a prompt of only whitespace, naming both", async () => {
    const issues = issuesOf(
      await caught(() =>
        // @ts-expect-error model is required
        client().images.edit({ prompt: " \n ", images: [png] }),
      ),
    );

    expect(issues).toEqual([
      { path: "model", message: expect.stringContaining("model is required: a model id such as") },
      { path: "prompt", message: "prompt is only whitespace: describe the image" },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("reports a bad input together with the request's other problems", async () => {
    const textToImage: string = "zai/cogview-4";

    const issues = issuesOf(
      await caught(() =>
        client().images.edit({
          model: textToImage,
          prompt: "",
          images: ["http://a.example.test/1.png"],
        }),
      ),
    );

    // One round trip to fix everything: the input, the empty prompt and the model that cannot edit.
    expect(issues.map((issue) => issue.path).sort()).toEqual(["images", "images.0", "prompt"]);
    expect(gateway.calls).toHaveLength(0);
  });
});

describe("images.edit checks https inputs before sending", () => {
  /** Every request the image host received, to see what the check asked for. */
  function hostRequests(): Request[] {
    const seen: Request[] = [];
    server.events.on("request:start", ({ request }) => {
      if (request.url.startsWith(imageHost)) seen.push(request);
    });
    return seen;
  }

  it("asks each https input for its first bytes only, then sends the edit", async () => {
    const seen = hostRequests();

    await client().images.edit({ model, prompt: "x", images: [catURL] });

    expect(seen.map((request) => [request.url, request.headers.get("range")])).toEqual([
      [catURL, "bytes=0-63"],
    ]);
    expect(gateway.calls).toHaveLength(1);
  });

  it("asks no host when an edit has more inputs than /images/edits takes (16)", async () => {
    const seen = hostRequests();
    const urls = Array.from({ length: 17 }, (_, index) => `${imageHost}/${index}.png`);

    const issues = issuesOf(
      await caught(() =>
        client().images.edit({ model: "unknown/editor", prompt: "x", images: urls }),
      ),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["images"]);
    expect(seen).toHaveLength(0);
    expect(gateway.calls).toHaveLength(0);
  });

  it("names a signed URL without its query (the signature must not reach logs)", async () => {
    const signed = `${imageHost}/expired.png?X-Amz-Signature=0123456789abcdef&X-Amz-Expires=60`;

    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: [signed] })),
    );

    expect(issues[0]?.message).toMatch(
      /^https:\/\/images\.example\.test\/expired\.png\?… could not be fetched/,
    );
    expect(JSON.stringify(issues)).not.toContain("0123456789abcdef");
  });

  it("a URL whose server answers 404, naming the input and the status", async () => {
    const missing = `${imageHost}/missing.png`;

    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: [png, missing] })),
    );

    expect(issues).toEqual([
      {
        path: "images.1",
        message: `${missing} could not be fetched: its server answered 404; check the URL, or pass the image's bytes instead`,
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("a host that cannot be reached", async () => {
    const dead = "https://dead.example.test/cat.png";
    server.use(http.get(dead, () => HttpResponse.error()));

    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: [dead] })),
    );

    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("images.0");
    // fetch's own error is not repeated: implementations put the whole URL in it.
    expect(issues[0]?.message).toBe(
      `${dead} could not be reached; check the URL, or pass the image's bytes instead`,
    );
    expect(gateway.calls).toHaveLength(0);
  });

  it("a URL that answers with a web page instead of an image", async () => {
    const page = `${imageHost}/gallery`;
    server.use(
      http.get(page, () => HttpResponse.html("<!doctype html><html><body>Gallery</body></html>")),
    );

    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: [page] })),
    );

    expect(issues).toEqual([
      {
        path: "images.0",
        message: `${page} is not a PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC, HEIF or AVIF image (its server sent text/html)`,
      },
    ]);
    expect(gateway.calls).toHaveLength(0);
  });

  it("reports every bad URL at once", async () => {
    const issues = issuesOf(
      await caught(() =>
        client().images.edit({
          model,
          prompt: "x",
          images: [`${imageHost}/a.png`, catURL, `${imageHost}/b.png`],
        }),
      ),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["images.0", "images.2"]);
  });

  it.each([401, 403, 429, 503])(
    "a URL whose server answers %i here is sent, with an unverified-input warning",
    async (status) => {
      const guarded = `${imageHost}/guarded-${status}.png`;
      server.use(http.get(guarded, () => new HttpResponse(null, { status })));

      const result = await client().images.edit({ model, prompt: "x", images: [guarded] });

      expect(sentImageURLs()).toEqual([guarded]);
      expect(result.warnings).toContainEqual({
        type: "unverified-input",
        message: `images.0 (${guarded}) was sent unchecked: its server answered ${status} here`,
      });
    },
  );

  it("shows neither credentials nor a query, even when fetch's own error repeats the URL", async () => {
    const secretURL = "https://user:pa55word@img.example.test/a.png?X-Amz-Signature=SECRETSIG";
    const leaky: typeof fetch = async (input) => {
      throw new TypeError(`request to ${String(input)} failed, reason: getaddrinfo ENOTFOUND`);
    };

    const error = await caught(() =>
      client({ fetch: leaky }).images.edit({ model, prompt: "x", images: [secretURL] }),
    );

    const issues = issuesOf(error);
    // Refused for its credentials before fetch is called (fetch refuses such URLs).
    expect(issues[0]?.message).toMatch(
      /^https:\/\/img\.example\.test\/a\.png\?… has a user name or password in it/,
    );
    for (const secret of ["pa55word", "SECRETSIG"]) {
      expect(JSON.stringify(issues)).not.toContain(secret);
      expect(String(error)).not.toContain(secret);
    }
  });

  it("a caller abort while the image's first bytes stream in rejects with APIUserAbortError", async () => {
    const trickle = `${imageHost}/trickle.png`;
    const controller = new AbortController();
    server.use(
      http.get(trickle, () => {
        // Headers now, no bytes ever: the check waits on the body when the caller aborts.
        setTimeout(() => controller.abort(), 20);
        return new HttpResponse(new ReadableStream<Uint8Array>(), {
          headers: { "content-type": "image/png" },
        });
      }),
    );

    const error = await caught(() =>
      client().images.edit(
        { model, prompt: "x", images: [trickle] },
        { signal: controller.signal },
      ),
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });

  it("checkImageURLs: false sends the URL unchecked, for the gateway to fetch", async () => {
    const seen = hostRequests();
    const onlyTheGatewaySees = `${imageHost}/internal-to-the-gateway.png`;

    await client().images.edit(
      { model, prompt: "x", images: [onlyTheGatewaySees] },
      { checkImageURLs: false },
    );

    expect(seen).toHaveLength(0);
    expect(sentImageURLs()).toEqual([onlyTheGatewaySees]);
  });

  it("a caller abort during the check rejects with APIUserAbortError and sends nothing", async () => {
    const slow = `${imageHost}/slow.png`;
    const controller = new AbortController();
    server.use(
      http.get(slow, async () => {
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return new HttpResponse(png.slice());
      }),
    );

    const error = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [slow] }, { signal: controller.signal }),
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });
});

describe("images.edit URL checks within the call's timeout", () => {
  it("a host that never answers is waited for no longer than the call's timeout (2 s, not 10 s), then the edit is sent with an unverified-input warning", async () => {
    const silent = `${imageHost}/silent.png`;
    const sent: unknown[] = [];
    server.use(
      http.get(silent, () => new Promise<never>(() => {})),
      // The gateway answers at once: fake time passes in steps while the call is in flight, and
      // the mock's rendering would take many of them.
      http.post(`${baseURL}/images/edits`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ created: 1, data: [{ b64_json: encodeBase64(png) }] });
      }),
    );
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });

    const outcome = await settleWithFakeTimers(
      client().images.edit({ model, prompt: "x", images: [silent] }, { timeout: 2_000 }),
    );

    if (outcome.status === "rejected") throw outcome.reason;
    expect(sent).toMatchObject([{ images: [{ image_url: silent }] }]);
    expect(outcome.value.warnings).toContainEqual({
      type: "unverified-input",
      message: `images.0 (${silent}) was sent unchecked: it did not answer within 2 s`,
    });
  });

  it("a caller abort while the host is silent rejects with APIUserAbortError and sends nothing", async () => {
    const silent = `${imageHost}/silent-until-abort.png`;
    const controller = new AbortController();
    server.use(
      http.get(silent, () => {
        controller.abort();
        return new Promise<never>(() => {});
      }),
    );

    const error = await caught(() =>
      client().images.edit({ model, prompt: "x", images: [silent] }, { signal: controller.signal }),
    );

    expect(APIUserAbortError.isInstance(error)).toBe(true);
    expect(gateway.calls).toHaveLength(0);
  });
});

describe("images.edit URL checks where CORS applies (browsers, workers)", () => {
  // A browser's fetch fails a cross-origin request the host does not allow by CORS exactly as
  // it fails a dead host; the check then asks in no-cors mode, which can only tell the two apart.

  it("sends a host that answers only without CORS (the gateway fetches it server-side), with an unverified-input warning", async () => {
    const noCors = "https://no-cors.example.test/cat.png";
    const modes: string[] = [];
    server.use(
      http.get(noCors, ({ request }) => {
        modes.push(request.mode);
        return request.mode === "no-cors" ? new HttpResponse(png.slice()) : HttpResponse.error();
      }),
    );

    const { warnings } = await client().images.edit({ model, prompt: "x", images: [noCors] });

    expect(modes).toEqual(["cors", "no-cors"]);
    expect(sentImageURLs()).toEqual([noCors]);
    // The opaque answer says the host is there, not that a 404 page or HTML is not what it holds.
    expect(warnings).toContainEqual({
      type: "unverified-input",
      message: expect.stringContaining(
        "images.0 (https://no-cors.example.test/cat.png) was sent unchecked: its host sends no CORS headers",
      ),
    });
  });

  it("still rejects a host that answers in neither mode", async () => {
    const dead = "https://dead.example.test/cat.png";
    server.use(http.get(dead, () => HttpResponse.error()));

    const issues = issuesOf(
      await caught(() => client().images.edit({ model, prompt: "x", images: [dead] })),
    );

    expect(issues.map((issue) => issue.path)).toEqual(["images.0"]);
    expect(gateway.calls).toHaveLength(0);
  });
});
