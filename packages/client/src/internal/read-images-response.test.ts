import {
  encodeBase64,
  type Validator,
  vEditImagesResponse,
  vGenerateImagesResponse,
} from "@pictor/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCpuTime } from "../__fixtures__/cpu-time";
import { bytesOf } from "../__fixtures__/image-bytes";
import { APIConnectionError, APIUserAbortError, ResponseValidationError } from "../core/errors";
import {
  type Base64DecoderKind,
  base64Decoder,
  type ImagesResponseResult,
  readImagesResponse,
} from "./read-images-response";

const encoder = new TextEncoder();

/** A body delivered in the given pieces (byte offsets where a new chunk starts). */
function responseOf(
  body: string | Uint8Array,
  cuts: readonly number[] = [],
  headers: Record<string, string> = {},
): Response {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const bounds = [0, ...cuts, bytes.length];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i + 1 < bounds.length; i++)
        controller.enqueue(bytes.slice(bounds[i], bounds[i + 1]));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "x-request-id": "req_1", ...headers } });
}

const decoders: Base64DecoderKind[] = ["buffer", "native", "portable"];

/**
 * `Uint8Array.prototype.setFromBase64` as browsers ship it (not on Node 20), enough to run the
 * `native` path: invalid characters throw, ASCII whitespace is skipped, `{ read, written }`.
 */
function setFromBase64(this: Uint8Array, text: string): { read: number; written: number } {
  if (/[^A-Za-z0-9+/=\t\n\f\r ]/.test(text)) throw new SyntaxError("invalid base64");
  const bytes = Buffer.from(text.replace(/[\t\n\f\r ]/g, ""), "base64");
  const written = Math.min(bytes.length, this.length);
  this.set(bytes.subarray(0, written));
  return { read: text.length, written };
}

/** Installs the stand-in for the tests of the `native` decoder when the runtime lacks it. */
function useNativeBase64(kind: Base64DecoderKind): void {
  let installed = false;
  beforeAll(() => {
    if (kind !== "native" || "setFromBase64" in Uint8Array.prototype) return;
    Object.defineProperty(Uint8Array.prototype, "setFromBase64", {
      value: setFromBase64,
      configurable: true,
      writable: true,
    });
    installed = true;
  });
  afterAll(() => {
    if (installed) Reflect.deleteProperty(Uint8Array.prototype, "setFromBase64");
  });
}

/** The body with each placeholder replaced by the base64 of its bytes: what JSON.parse gives. */
function restored(result: ImagesResponseResult<unknown>): unknown {
  return JSON.parse(JSON.stringify(result.data), (_key, value: unknown) => {
    const bytes = typeof value === "string" ? result.images.get(value) : undefined;
    return bytes ? encodeBase64(bytes) : value;
  });
}

/** Any JSON object: these tests are about reading the body, not about its shape. */
const anyJson: Validator<unknown> = { t: "o", p: {} };

async function read(
  body: string | Uint8Array,
  kind: Base64DecoderKind,
  cuts: readonly number[] = [],
  headers: Record<string, string> = {},
) {
  return readImagesResponse(
    responseOf(body, cuts, headers),
    anyJson,
    undefined,
    base64Decoder(kind),
  );
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const one = bytesOf(40);
const oneBody = `{"created":1,"data":[{"b64_json":"${encodeBase64(one)}","revised_prompt":"a fox"}]}`;

describe.each(decoders)("readImagesResponse with the %s decoder", (kind) => {
  useNativeBase64(kind);

  it("uses that decoder", () => {
    expect(base64Decoder(kind).kind).toBe(kind);
  });

  it("decodes b64_json into bytes and leaves a placeholder string that the schema accepts", async () => {
    const result = await readImagesResponse(
      responseOf(oneBody),
      vGenerateImagesResponse,
      undefined,
      base64Decoder(kind),
    );
    const item = result.data.data[0];
    expect(item?.revised_prompt).toBe("a fox");
    expect(item && result.images.get(item.b64_json)).toEqual(one);
    expect(item?.b64_json).not.toBe(encodeBase64(one));
    expect(result.requestId).toBe("req_1");
  });

  it("gives the same result for a split at every position (key, colon, quotes, every quartet)", async () => {
    const body = `{"created":1,"data":[{"b64_json" : "${encodeBase64(bytesOf(11))}"}]}`;
    const expected = JSON.parse(body);
    for (let cut = 0; cut <= body.length; cut++) {
      const result = await read(body, kind, [cut]);
      expect(restored(result), `cut at ${cut}`).toEqual(expected);
      expect(result.images.size, `cut at ${cut}`).toBe(1);
    }
  });

  it("gives the same result for every pair of splits and for one-byte chunks", async () => {
    // 7 bytes: two whole quartets and a padded one ("=").
    const body = `{"data":[{"b64_json":"${encodeBase64(bytesOf(7))}"}]}`;
    const expected = JSON.parse(body);
    for (let first = 0; first <= body.length; first++) {
      for (let second = first; second <= body.length; second++) {
        const result = await read(body, kind, [first, second]);
        expect(restored(result), `cuts at ${first}, ${second}`).toEqual(expected);
      }
    }
    const everyByte = Array.from({ length: body.length }, (_, i) => i);
    const result = await read(body, kind, everyByte);
    expect(restored(result)).toEqual(expected);
    expect(result.images.size).toBe(1);
  });

  it.each([
    ["no whitespace", '{"b64_json":"QUJD"}'],
    ["spaces around the colon", '{"b64_json" : "QUJD"}'],
    ["tabs and newlines", '{\n\t"b64_json"\r\n\t:\n  "QUJD"\n}'],
    ["pretty-printed", JSON.stringify({ data: [{ b64_json: "QUJD" }] }, null, 2)],
  ])("finds the value with %s", async (_, body) => {
    const result = await read(body, kind);
    expect([...result.images.values()]).toEqual([encoder.encode("ABC")]);
    expect(restored(result)).toEqual(JSON.parse(body));
  });

  it("decodes several images, each padding variant, split anywhere", async () => {
    const images = [bytesOf(30, 1), bytesOf(31, 2), bytesOf(32, 3), bytesOf(0, 4)];
    const body = JSON.stringify({
      created: 1,
      data: images.map((bytes, i) => ({ b64_json: encodeBase64(bytes), revised_prompt: `p${i}` })),
    });
    for (let cut = 0; cut <= body.length; cut += 3) {
      const result = await readImagesResponse(
        responseOf(body, [cut, cut + 5]),
        vGenerateImagesResponse,
        undefined,
        base64Decoder(kind),
      );
      const decoded = result.data.data.map((item) => result.images.get(item.b64_json));
      expect(decoded, `cut at ${cut}`).toEqual(images);
      expect(result.data.data.map((item) => item.revised_prompt)).toEqual(["p0", "p1", "p2", "p3"]);
    }
  });

  it("leaves a value with an escape sequence to JSON.parse, wherever the escape is", async () => {
    const base64 = encodeBase64(bytesOf(300));
    // `\/` is JSON for "/": put one at several places, including the very start and the end.
    const slashes = [...base64].flatMap((char, i) => (char === "/" ? [i] : []));
    expect(slashes.length).toBeGreaterThan(2);
    for (const at of [slashes[0] ?? 0, slashes.at(-1) ?? 0]) {
      const escaped = `${base64.slice(0, at)}\\/${base64.slice(at + 1)}`;
      const body = `{"data":[{"b64_json":"${escaped}"},{"b64_json":"${encodeBase64(one)}"}]}`;
      for (const cuts of [
        [],
        [at + 20],
        [at + 21],
        [at + 22],
        [5, 60, 200, at + 23].sort((a, b) => a - b),
      ]) {
        const result = await read(body, kind, cuts);
        expect(restored(result), `escape at ${at}, cuts ${cuts}`).toEqual(JSON.parse(body));
        // Only the second value was decoded while streaming.
        expect([...result.images.values()]).toEqual([one]);
      }
    }
  });

  // Building, decoding and comparing 6 MB took over 5 s of wall-clock under CI's load.
  it("reads a multi-megabyte value full of escaped slashes (one chunk) in linear time", {
    timeout: 30_000,
  }, async () => {
    // Some JSON encoders write every "/" as `\/`: ~1 in 64 base64 characters, all in one chunk.
    const bytes = bytesOf(6 * 1024 * 1024, 7);
    const escaped = encodeBase64(bytes).replaceAll("/", "\\/");
    const body = `{"created":1,"data":[{"b64_json":"${escaped}"}]}`;

    const { value: result, cpuMs } = await withCpuTime(() => read(body, kind));

    expect(restored(result)).toEqual({ created: 1, data: [{ b64_json: encodeBase64(bytes) }] });
    // Searching the rest of the chunk again after each escape took ~14 s here; linear, ~0.1 s.
    // CPU time, not wall-clock: under CI's load the linear read alone took over 2 s of the latter.
    expect(cpuMs).toBeLessThan(2000);
  });

  it('does not take "b64_json" as a key when it is a value or inside another string', async () => {
    const body = JSON.stringify({
      response_format: "b64_json",
      revised_prompt: 'say "b64_json": "QUJD" \\ twice',
      b64_json: "QUJD",
      note: "b64_json",
    });
    const result = await read(body, kind);
    expect(result.images.size).toBe(1);
    expect(restored(result)).toEqual(JSON.parse(body));
  });

  it("leaves a key written with escapes (b64\\u005fjson) to the plain path", async () => {
    const body = '{"b64\\u005fjson":"QUJD"}';
    const result = await read(body, kind);
    expect(result.images.size).toBe(0);
    expect(result.data).toEqual({ b64_json: "QUJD" });
  });

  const good = "QUJD".repeat(20);
  it.each([
    ["a character outside the alphabet", `${good}QU*DQUJD${good}`],
    ["the URL-safe alphabet", `${good}QU-DQU_D${good}`],
    ["a space", `${good}QUJD QUJ${good}`],
    ["padding in the middle", `${good}QQ==QUJD${good}`],
    ["non-zero padding bits", `${good}QR==`],
    ["too many padding characters", `${good}Q===`],
    ["a length that is not a multiple of 4", `${good}QUJDQUJ`],
    ["non-ASCII bytes", `${good}QUJDQUJ\u00e9${good}`],
  ])(
    "leaves %s to the caller as text, as JSON.parse reads it (as a body read whole)",
    async (_, value) => {
      const body = `{"data":[{"b64_json":"${value}"}]}`;
      for (const cuts of [[], [30], [105], [110, 111]]) {
        const result = await read(body, kind, cuts);
        expect(result.images.size, `cuts ${cuts}`).toBe(0);
        expect(result.data, `cuts ${cuts}`).toEqual(JSON.parse(body));
      }
    },
  );

  it("decodes the image whatever an invalid b64_json elsewhere holds (another field, a duplicate key)", async () => {
    const image = encodeBase64(one);
    for (const body of [
      `{"data":[{"b64_json":"${image}","meta":{"b64_json":"n/a"}}],"x":{"b64_json":"!"}}`,
      `{"data":[{"b64_json":"!","b64_json":"${image}"}]}`,
    ]) {
      const result = await read(body, kind, [12]);
      expect(restored(result)).toEqual(JSON.parse(body));
      expect([...result.images.values()]).toEqual([one]);
    }
  });
});

describe("readImagesResponse", () => {
  it("sizes the output from Content-Length (× 3/4) and does not grow it", async () => {
    const image = bytesOf(100_000);
    const body = encoder.encode(`{"data":[{"b64_json":"${encodeBase64(image)}"}]}`);
    const result = await read(body, "buffer", [1000, 9000, 70_000], {
      "content-length": String(body.length),
    });
    const bytes = [...result.images.values()][0];
    expect(sameBytes(bytes, image)).toBe(true);
    expect(bytes?.buffer.byteLength).toBe(Math.ceil(body.length / 4) * 3);
  });

  it("a Content-Length far beyond the body (a broken proxy) reserves no more than 256 MiB up front", async () => {
    const body = encoder.encode(`{"data":[{"b64_json":"${encodeBase64(one)}"}]}`);
    const result = await read(body, "buffer", [5], { "content-length": "9000000000000" });
    const bytes = [...result.images.values()][0];
    expect(bytes).toEqual(one);
    expect(bytes?.buffer.byteLength).toBeLessThanOrEqual(256 * 1024 * 1024);
  });

  it("a value that unescapes to what a placeholder looks like stays text, never another image's bytes", async () => {
    const body = `{"data":[{"b64_json":"${encodeBase64(one)}"},{"b64_json":"\\u003cdecoded image 0>"}]}`;
    const result = await read(body, "buffer");
    const items = (result.data as { data: { b64_json: string }[] }).data;
    expect(items[1]?.b64_json).toBe("<decoded image 0>");
    expect(result.images.get(items[1]?.b64_json ?? "")).toBeUndefined();
    expect(result.images.get(items[0]?.b64_json ?? "")).toEqual(one);
  });

  it("reads a small body (by Content-Length) whole and leaves its values as text", async () => {
    const body = encoder.encode(oneBody);
    const result = await read(body, "buffer", [10], { "content-length": String(body.length) });
    expect(result.images.size).toBe(0);
    expect(result.data).toEqual(JSON.parse(oneBody));
  });

  it("grows the output when the length is unknown or compressed, and trims it at the end", async () => {
    const image = bytesOf(400_000);
    const body = encoder.encode(`{"data":[{"b64_json":"${encodeBase64(image)}"}]}`);
    const cuts = Array.from({ length: 8 }, (_, i) => (i + 1) * 65_536);
    const variants: Record<string, string>[] = [
      {},
      { "content-length": "1000", "content-encoding": "gzip" },
    ];
    for (const headers of variants) {
      const result = await read(body, "buffer", cuts, headers);
      const bytes = [...result.images.values()][0];
      expect(sameBytes(bytes, image)).toBe(true);
      // It grew to 786,432 bytes by doubling; the copy at the end keeps what is used.
      expect(bytes?.buffer.byteLength).toBe(image.length);
    }
  });

  it("a stream that breaks mid-image is an APIConnectionError", async () => {
    const body = encoder.encode(`{"data":[{"b64_json":"${encodeBase64(bytesOf(3000))}`);
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError("terminated"));
        sent = true;
        controller.enqueue(body);
      },
    });
    const error = await failure(
      readImagesResponse(new Response(stream), vGenerateImagesResponse, undefined),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(String(error)).toContain("terminated");
  });

  it("a body that ends inside an image is invalid JSON, and the error keeps the text that came", async () => {
    const body = `{"data":[{"b64_json":"${encodeBase64(bytesOf(30))}`;
    const error = await failure(read(body.slice(0, -1), "buffer", [17, 40]));
    expect(error).toBeInstanceOf(ResponseValidationError);
    if (!ResponseValidationError.isInstance(error)) return;
    expect(error.message).toContain("not valid JSON");
    expect(error.body).toBe(body.slice(0, -1));
  });

  it("a b64_json that is not a string fails the schema", async () => {
    const error = await failure(
      readImagesResponse(
        responseOf('{"created":1,"data":[{"b64_json": null}]}'),
        vEditImagesResponse,
        undefined,
      ),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(String(error)).toContain("data.0.b64_json");
  });

  it("stops reading when the caller aborts mid-body", async () => {
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(source) {
        source.enqueue(encoder.encode('{"data":[{"b64_json":"QUJD'));
        // Then nothing more: only the abort can end the read.
      },
    });
    const pending = readImagesResponse(new Response(stream), anyJson, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    expect(await failure(pending)).toBeInstanceOf(APIUserAbortError);
  });

  it("matches JSON.parse on random bodies cut at random places, with every decoder", async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const spaces = ["", " ", "\n  ", "\t"];
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    for (let round = 0; round < 60; round++) {
      const items = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => {
        const value = encodeBase64(bytesOf(Math.floor(random() * 200), round * 10 + i));
        const ws = () => pick(spaces);
        return `{${ws()}"revised_prompt"${ws()}:${ws()}"x \\"b64_json\\""${ws()},${ws()}"b64_json"${ws()}:${ws()}"${value}"${ws()}}`;
      });
      const body = `{"created":${round},"data":[${items.join(",")}]}`;
      const cuts = Array.from({ length: 6 }, () => Math.floor(random() * body.length)).sort(
        (a, b) => a - b,
      );
      for (const kind of ["buffer", "portable"] as const) {
        const result = await read(body, kind, cuts);
        expect(restored(result), `round ${round}, ${kind}, cuts ${cuts}`).toEqual(JSON.parse(body));
        expect(result.images.size).toBe(items.length);
      }
    }
  });
});

/** Whether `actual` holds `expected`'s bytes: `toEqual` walks 400,000 elements one by one, which takes seconds on a loaded machine. */
function sameBytes(actual: Uint8Array | undefined, expected: Uint8Array): boolean {
  return actual !== undefined && Buffer.compare(actual, expected) === 0;
}
