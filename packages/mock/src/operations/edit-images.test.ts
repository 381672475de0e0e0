import { zEditImagesResponse, zGenerateImagesResponse } from "@pictor/contract";
import { describe, expect, it } from "vitest";
import {
  bodyOf,
  dataUrl,
  decodeImage,
  errorOf,
  fingerprint,
  makePng,
  minimalJpeg,
  pngDataUrl,
  post,
  useMockServer,
} from "../gateway/__fixtures__/mock-server";

const mock = useMockServer();

async function edit(body: Record<string, unknown>) {
  return bodyOf(zEditImagesResponse, await post("/images/edits", body));
}

function images(...urls: string[]) {
  return urls.map((image_url) => ({ image_url }));
}

describe("POST /images/edits: input images", () => {
  it("edits a PNG data URL: 200 in the contract's shape, in the input's shape at the model's default tier when no size is given", async () => {
    const response = await post("/images/edits", {
      images: images(pngDataUrl(96, 64)),
      prompt: "make it snow",
    });
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await bodyOf(zEditImagesResponse, response);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]?.revised_prompt).toBe("make it snow");
    const image = decodeImage(body.data[0]?.b64_json ?? "");
    // model "auto" is Gemini 3 Pro Image, which makes its 1K tier (billed as such) in the input's 3:2 shape
    expect(image).toMatchObject({ width: 1264, height: 848 });
    expect(image.colours).toBeGreaterThan(1);
  });

  it("keeps the input's size when no size is given and the model makes that size (qwen-image-3.0, 640x480)", async () => {
    const body = await edit({
      model: "alibaba/qwen-image-3.0",
      images: images(pngDataUrl(640, 480)),
      prompt: "make it snow",
    });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 640, height: 480 });
  });

  it.each([
    // at least 921,600 pixels: its 2K default in the input's 3:2 shape, scaled under its 2048² maximum
    ["bytedance/seedream-5-0-flash", 300, 200, "2496x1664"],
    // at least 655,360 pixels: the area of its 1024x1024 default in the input's shape
    ["openai/gpt-image-2", 40, 30, "1184x880"],
    // three sizes only: the one nearest the input's shape
    ["meta/muse-image-1.0", 300, 200, "1536x1024"],
    // a 1K default tier, no 0.5K: 1K in the input's shape, as it is billed
    ["gemini-3-pro-image", 512, 512, "1024x1024"],
    // Google's table: the listed ratio nearest the input's 10:7 is 3:2, made at 1K as 1264x848
    ["gemini-3-pro-image", 1000, 700, "1264x848"],
    // its 2K default in the input's 4:3 shape rounds to 2368x1776, over its 2048² maximum:
    // scaled under it in that shape, not its square default
    ["bytedance/seedream-5-0-pro", 400, 300, "2352x1760"],
  ])(
    "never edits to a size the catalog says %s cannot make (%ix%i input, no size)",
    async (model, width, height, made) => {
      const body = await edit({ model, images: images(pngDataUrl(width, height)), prompt: "snow" });
      const image = decodeImage(body.data[0]?.b64_json ?? "");
      expect(`${image.width}x${image.height}`).toBe(made);
    },
  );

  it("reads the size of a JPEG data URL from its header (a minimal SOI + SOF0 JPEG)", async () => {
    const body = await edit({
      model: "alibaba/qwen-image-3.0",
      images: images(dataUrl("image/jpeg", minimalJpeg(720, 480))),
      prompt: "make it snow",
    });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 720, height: 480 });
  });

  it("derives the output from the input: it differs from a plain generation and between inputs", async () => {
    const request = { model: "alibaba/qwen-image-3.0", prompt: "add a red kite", size: "512x512" };
    // Each from a fresh start: a repeat of the same prompt would get a new image anyway, which
    // would hide an edit that ignored its input.
    const afresh = async <T>(send: () => Promise<T>): Promise<T> => {
      mock.gateway.reset();
      return send();
    };
    const wide = await afresh(() => edit({ ...request, images: images(pngDataUrl(96, 64)) }));
    const wideAgain = await afresh(() => edit({ ...request, images: images(pngDataUrl(96, 64)) }));
    const tall = await afresh(() => edit({ ...request, images: images(pngDataUrl(64, 96)) }));
    const generated = await afresh(async () =>
      bodyOf(zGenerateImagesResponse, await post("/images/generations", request)),
    );
    const [a, b, c, d] = [wide, wideAgain, tall, generated].map((body) => body.data[0]?.b64_json);
    expect(decodeImage(a ?? "")).toMatchObject({ width: 512, height: 512 });
    expect(fingerprint(b)).toBe(fingerprint(a));
    expect(fingerprint(c)).not.toBe(fingerprint(a));
    expect(fingerprint(d)).not.toBe(fingerprint(a));
  });

  it("accepts an https URL without going online and answers as for a 1024x1024 input", async () => {
    const body = await edit({
      images: images("https://images.example/photo.png"),
      prompt: "make it snow",
    });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 1024, height: 1024 });
  });

  it.each<[string, string, Uint8Array]>([
    ["BMP", "image/bmp", bmpHeader(300, 200)],
    ["TIFF (little-endian)", "image/tiff", ascii("II*\0\x08\0\0\0")],
    ["TIFF (big-endian)", "image/tiff", ascii("MM\0*\0\0\0\x08")],
    ["HEIC", "image/heic", ascii("\0\0\0\x18ftypheic\0\0\0\0mif1heic")],
    ["AVIF", "image/avif", ascii("\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf")],
  ])(
    "accepts a %s data URL, as the gateway takes any data:image/<type>, and answers as for a 1024x1024 input",
    async (_, mediaType, bytes) => {
      const body = await edit({
        images: images(dataUrl(mediaType, bytes)),
        prompt: "make it snow",
      });
      expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({
        width: 1024,
        height: 1024,
      });
    },
  );

  it("sizes an https input through createMockGateway({ resolveImageUrl })", async () => {
    const asked: string[] = [];
    mock.withGateway({
      resolveImageUrl: async (url) => {
        asked.push(url);
        return makePng(300, 200);
      },
    });
    const body = await edit({
      images: images("https://images.example/photo.png"),
      prompt: "make it snow",
    });
    expect(asked).toEqual(["https://images.example/photo.png"]);
    // Gemini's 1K default tier in the fetched input's 3:2 shape
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 1264, height: 848 });
  });

  it("does not truncate n on edits of a model that makes several (qwen-image-3.0, n: 2)", async () => {
    const body = await edit({
      model: "alibaba/qwen-image-3.0",
      images: images(pngDataUrl(32, 32)),
      prompt: "add a red kite",
      size: "512x512",
      n: 2,
    });
    expect(body.data).toHaveLength(2);
    expect(fingerprint(body.data[1]?.b64_json)).not.toBe(fingerprint(body.data[0]?.b64_json));
  });
  it("ignores aspect_ratio on a model that honours none (openai/gpt-image-2): the input's size is kept", async () => {
    const body = await edit({
      model: "openai/gpt-image-2",
      images: images(pngDataUrl(1024, 768)),
      prompt: "make it snow",
      aspect_ratio: "16:9",
    });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 1024, height: 768 });
  });
  it("shapes a tier size by the input's aspect ratio when no aspect_ratio is given (Google, 300x200 at 0.5K)", async () => {
    const body = await edit({
      model: "gemini-3.1-flash-image",
      images: images(pngDataUrl(300, 200)),
      prompt: "make it snow",
      size: "0.5K",
    });
    const { width, height } = decodeImage(body.data[0]?.b64_json ?? "");
    // Google keeps the input's shape for edits (its 3:2, at 0.5K half of the 1K 1264x848); it
    // squares only a generation without aspect_ratio
    expect(`${width}x${height}`).toBe("632x424");
  });
});

describe("POST /images/edits: refused inputs", () => {
  it("refuses a data URL whose bytes are no image with a 400 naming the image", async () => {
    const error = await errorOf(
      await post("/images/edits", {
        images: images(`data:image/png;base64,${Buffer.from("hello").toString("base64")}`),
        prompt: "make it snow",
      }),
      400,
    );
    expect(error).toMatchObject({
      type: "invalid_request_error",
      param: null,
      code: null,
    });
    expect(error.message).toMatch(/^images\[0\]\.image_url is invalid: /);
  });

  it("refuses a bad input image before looking up the model, as the gateway's images handler reads the inputs before its chat call resolves the model", async () => {
    const unknownModel = await post("/images/edits", {
      model: "acme/nope",
      images: images("http://images.example/photo.png"),
      prompt: "make it snow",
    });
    expect((await errorOf(unknownModel, 400)).message).toBe(
      "images[0].image_url must be an https URL or a base64 data URL",
    );
    const noEdits = await post("/images/edits", {
      model: "zai/cogview-4",
      images: images(`data:image/png;base64,${btoa("hello")}`),
      prompt: "make it snow",
    });
    expect((await errorOf(noEdits, 400)).message).toMatch(/^images\[0\]\.image_url is invalid: /);
  });

  it("names the index of the bad image (the second of two)", async () => {
    const error = await errorOf(
      await post("/images/edits", {
        images: images(pngDataUrl(8, 8), `data:image/png;base64,${btoa("hello")}`),
        prompt: "make it snow",
      }),
      400,
    );
    expect(error.message).toMatch(/^images\[1\]\.image_url is invalid: /);
  });

  it.each([
    ["an http:// URL", "http://images.example/photo.png"],
    ["a data URL that is not an image's", `data:text/plain;base64,${btoa("hello")}`],
    ["a data URL whose data is not base64", "data:image/png;base64,@@@not base64@@@"],
    ["an https URL that does not parse", "https://"],
  ])(
    "refuses %s in the gateway's words for an input that is neither an https nor a base64 data URL",
    async (_, url) => {
      const error = await errorOf(
        await post("/images/edits", {
          images: images(pngDataUrl(8, 8), url),
          prompt: "make it snow",
        }),
        400,
      );
      expect(error).toMatchObject({
        message: "images[1].image_url must be an https URL or a base64 data URL",
        type: "invalid_request_error",
        param: null,
        code: null,
      });
    },
  );

  it("reports a body's schema problems before the form of its input URLs, as the gateway checks them after", async () => {
    const error = await errorOf(
      await post("/images/edits", { images: images("http://images.example/photo.png") }),
      400,
    );
    expect(error.message).toBe("Invalid request parameters: prompt: Required");
  });

  it("refuses 17 input images with a 400", async () => {
    const one = pngDataUrl(4, 4);
    const error = await errorOf(
      await post("/images/edits", {
        images: images(...Array.from({ length: 17 }, () => one)),
        prompt: "make it snow",
      }),
      400,
    );
    expect(error.message).toBe(
      "Invalid request parameters: images: Array must contain at most 16 element(s)",
    );
  });

  it("refuses an edit on a model without edit support (zai/cogview-4) with a 400", async () => {
    const error = await errorOf(
      await post("/images/edits", {
        model: "zai/cogview-4",
        images: images(pngDataUrl(8, 8)),
        prompt: "make it snow",
      }),
      400,
    );
    expect(error.message).toContain('model "zai/cogview-4" cannot edit images');
  });

  it("refuses an edit on Seedream 4.5, whose gateway mapping takes no image input, with a 400", async () => {
    const error = await errorOf(
      await post("/images/edits", {
        model: "bytedance/seedream-4-5",
        images: images(pngDataUrl(8, 8)),
        prompt: "make it snow",
      }),
      400,
    );
    expect(error.message).toContain('model "bytedance/seedream-4-5" cannot edit images');
  });

  it.each(["alibaba/qwen-image-edit-plus", "alibaba/qwen-image-edit-max"])(
    "answers 404 for %s past its deactivated_at date (2026-10-10), whatever its legacy status",
    async (model) => {
      mock.withGateway({ now: () => Date.parse("2026-11-26T00:00:00.000Z") });
      const error = await errorOf(
        await post("/images/edits", { model, images: images(pngDataUrl(8, 8)), prompt: "snow" }),
        404,
      );
      expect(error).toMatchObject({ code: "not_found", param: null });
      expect(error.message).toBe(
        `Model ${model} was deactivated on 2026-10-10. GET /v1/models lists the image models.`,
      );
    },
  );

  it("refuses more input images than the model takes (reve-create takes 4) with a 400", async () => {
    const one = pngDataUrl(8, 8);
    const error = await errorOf(
      await post("/images/edits", {
        model: "reve-create",
        images: images(one, one, one, one, one),
        prompt: "make it snow",
      }),
      400,
    );
    expect(error.message).toContain("takes at most 4 input image(s), got 5");
  });
});

describe("POST /images/edits: echoed options", () => {
  it("echoes quality, size, output_format and background as requested", async () => {
    const body = await edit({
      model: "openai/gpt-image-2",
      images: images(pngDataUrl(16, 16)),
      prompt: "make it snow",
      quality: "high",
      size: "1024x640",
      output_format: "webp",
      background: "transparent",
    });
    expect(body).toMatchObject({
      quality: "high",
      size: "1024x640",
      output_format: "webp",
      background: "transparent",
    });
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 1024, height: 640 });
  });

  it("does not echo background, quality or size when they are auto (and auto size keeps the input's size)", async () => {
    const body = await edit({
      model: "openai/gpt-image-2",
      images: images(pngDataUrl(1024, 768)),
      prompt: "make it snow",
      quality: "auto",
      size: "auto",
      background: "auto",
    });
    expect(body).not.toHaveProperty("background");
    expect(body).not.toHaveProperty("quality");
    expect(body).not.toHaveProperty("size");
    expect(body).not.toHaveProperty("output_format");
    expect(decodeImage(body.data[0]?.b64_json ?? "")).toMatchObject({ width: 1024, height: 768 });
  });
});

describe("POST /images/edits: the model", () => {
  it("answers a text model with the gateway's 400, naming /v1/images/edits", async () => {
    const error = await errorOf(
      await post("/images/edits", {
        model: "gpt-4.1",
        images: images(pngDataUrl(16, 16)),
        prompt: "make it snow",
      }),
      400,
    );
    expect(error).toEqual({
      message:
        "Model gpt-4.1 is a chat model and cannot be used with /v1/images/edits. Use the /v1/chat/completions endpoint instead.",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });
});

/** The bytes of a string of char codes 0–255. */
function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** The 14-byte file header and 40-byte BITMAPINFOHEADER of a BMP, without pixels. */
function bmpHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(54);
  const view = new DataView(bytes.buffer);
  bytes.set(ascii("BM"));
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  return bytes;
}
