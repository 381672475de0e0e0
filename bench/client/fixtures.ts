/**
 * The bodies the client benchmarks serve: built once, byte for byte the same for Pictor and for
 * the baselines. Not shipped: benches may use Node built-ins.
 */

/** A valid 1×1 PNG: what the small responses carry (Pictor reads its header). */
export const TINY_PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/** The model and prompt every case asks for (a catalog model, so request validation runs). */
export const IMAGE_PARAMS = {
  model: "bytedance/seedream-4-5",
  prompt: "A cozy cabin in the snow",
  size: "2048x2048",
} as const;

/** The chat request of the SSE case. */
export const CHAT_PARAMS = {
  model: "gemini-3-pro-image-preview",
  messages: [{ role: "user" as const, content: "Draw a cabin and describe it" }],
  stream: true as const,
};

/** A small `/images/generations` answer, as the gateway sends it. */
export function smallImagesBody(): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    JSON.stringify({
      created: 1_760_000_000,
      data: [{ b64_json: TINY_PNG_BASE64, revised_prompt: IMAGE_PARAMS.prompt }],
      usage: {
        input_tokens: 12,
        output_tokens: 4096,
        total_tokens: 4108,
        input_tokens_details: { image_tokens: 0, text_tokens: 12 },
        output_tokens_details: { image_tokens: 4096, text_tokens: 0 },
        cost: 0.04,
      },
    }),
  );
}

/**
 * `size` bytes that start like a 1024×1024 PNG (signature + IHDR, which is all Pictor reads)
 * and go on with pseudo-random bytes, so the base64 is as varied as a real image's.
 */
export function pngLikeBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const header = Buffer.from(TINY_PNG_BASE64, "base64").subarray(0, 33);
  let state = 0x9e3779b9;
  const words = new Uint32Array(bytes.buffer, 0, size >>> 2);
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  bytes.set(header, 0);
  // width and height 1024 in IHDR (big-endian at 16 and 20)
  new DataView(bytes.buffer).setUint32(16, 1024);
  new DataView(bytes.buffer).setUint32(20, 1024);
  return bytes;
}

/** A `/images/generations` answer holding one image of `imageBytes` bytes. */
export function largeImagesBody(imageBytes: number): Uint8Array<ArrayBuffer> {
  const base64 = Buffer.from(pngLikeBytes(imageBytes)).toString("base64");
  return new TextEncoder().encode(
    `{"created":1760000000,"data":[{"b64_json":"${base64}","revised_prompt":"${IMAGE_PARAMS.prompt}"}]}`,
  );
}

/** Texts of the SSE case: `textDeltas` content chunks, one image chunk, a usage chunk, [DONE]. */
export function sseBody(textDeltas: number, imageBase64Chars: number): Uint8Array<ArrayBuffer> {
  const base = {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1_760_000_000,
    model: CHAT_PARAMS.model,
  };
  const events: string[] = [];
  for (let i = 0; i < textDeltas; i++) {
    const choice = {
      index: 0,
      delta: i === 0 ? { role: "assistant", content: `word${i} ` } : { content: `word${i} ` },
      finish_reason: null,
    };
    events.push(`data: ${JSON.stringify({ ...base, choices: [choice] })}\n\n`);
  }
  const imageBytes = Math.floor((imageBase64Chars / 4) * 3);
  const url = `data:image/png;base64,${Buffer.from(pngLikeBytes(imageBytes)).toString("base64")}`;
  const image = { type: "image_url", image_url: { url } };
  events.push(
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { images: [image] }, finish_reason: null }] })}\n\n`,
  );
  events.push(
    `data: ${JSON.stringify({
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 2000, total_tokens: 2010 },
    })}\n\n`,
  );
  events.push("data: [DONE]\n\n");
  return new TextEncoder().encode(events.join(""));
}
