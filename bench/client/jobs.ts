/** The work each variant of the large-image case does (shared by cases.ts and memory-child.ts). */

// The built package (dist/), typed from its source: see cases.ts.
import { Pictor } from "#bench/client";
import { IMAGE_PARAMS } from "./fixtures";
import type { Job } from "./measure";

/**
 * The two ways to get the image's bytes, as in cases.ts, and the memory floor of any reader of
 * `fetch`'s body stream (`floor`): the output buffer allocated, every chunk read and dropped.
 */
export function imageJobs(
  baseURL: string,
  expectedBytes: number,
): { baseline: Job; pictor: Job; floor: Job } {
  const pictor = new Pictor({ apiKey: "sk-bench-0123456789", baseURL, maxRetries: 0 });
  const post = () =>
    fetch(`${baseURL}/images/generations`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer sk-bench-0123456789",
      },
      body: JSON.stringify({ ...IMAGE_PARAMS, n: 1 }),
    });
  return {
    baseline: async () => {
      const response = await post();
      const json = (await response.json()) as { data: { b64_json: string }[] };
      const bytes = Buffer.from(json.data[0]?.b64_json ?? "", "base64");
      if (bytes.length !== expectedBytes) throw new Error("baseline: wrong size");
      return bytes;
    },
    pictor: async () => {
      const result = await pictor.images.generate(IMAGE_PARAMS);
      const bytes = await result.images[0]?.bytes();
      if (bytes?.length !== expectedBytes) throw new Error("pictor: wrong size");
      return bytes;
    },
    floor: async () => {
      const response = await post();
      const bytes = new Uint8Array(expectedBytes);
      if (!response.body) throw new Error("floor: no body");
      let received = 0;
      for await (const chunk of response.body) received += chunk.length;
      if (received < expectedBytes) throw new Error("floor: body too short");
      return bytes;
    },
  };
}
