import {
  decodeBase64,
  estimateImageCost,
  type ImageEditRequest,
  type ImageGenerationRequest,
  type ImageModelRules,
  type ImagesResponse,
  requestedTier,
  usageCostUsd,
  vEditImagesResponse,
  vGenerateImagesResponse,
} from "@pictor/contract";
import { ContentFilterError, ResponseValidationError } from "../core/errors";
import { GeneratedImage } from "../core/generated-image";
import type { ImageUsageTotals } from "../core/image-result";
import type { RequestOptions } from "../core/request-options";
import type { ApiClient } from "./api-client";
import type { LooseImageParams } from "./plan-image-request";
import { readImagesResponse } from "./read-images-response";

/** What one gateway call produced. */
export interface ImageCallResult {
  images: GeneratedImage[];
  requestId: string | null;
  created: number;
  usage: ImageUsageTotals | undefined;
  /** USD from the gateway, or undefined when it sent none (or a `cost` object without a total). */
  gatewayCost: number | undefined;
  /** Images the gateway made and billed, when more than `images` holds (some failed to download). */
  billedImages?: number | undefined;
}

/** One call of a (possibly fanned-out) request. */
export interface ImageCall {
  client: ApiClient;
  params: LooseImageParams;
  operation: "generate" | "edit";
  route: "images" | "chat";
  /** Input images in wire form (https or data URLs). */
  inputImages: readonly string[];
  count: number;
  /** Added to `seed` so each call of a fan-out makes different images, reproducibly. */
  seedOffset: number;
  options: RequestOptions | undefined;
}

/** Makes one gateway call and decodes its images; an empty answer is a `ContentFilterError`. */
export async function callOnce(call: ImageCall): Promise<ImageCallResult> {
  if (call.route === "images") return viaImages(call);
  // Loaded on the first call that needs chat (an option only chat honours): most calls go to
  // the images endpoint, and an app that makes only those never downloads it.
  const { viaChat } = await import("./image-call-via-chat");
  return viaChat(call);
}

async function viaImages(call: ImageCall): Promise<ImageCallResult> {
  const { params } = call;
  // Read with the streaming decoder: each `b64_json` becomes bytes as it arrives, so the
  // base64 text is never held whole (see read-images-response.ts). The bodies are written out
  // in full rather than spread from a shared part: a spread costs a microsecond per call.
  if (call.operation === "edit") {
    const response = await call.client.postRaw(
      "/images/edits",
      {
        model: params.model,
        prompt: params.prompt,
        n: call.count,
        size: params.size,
        aspect_ratio: params.aspect_ratio,
        moderation: params.moderation as ImageEditRequest["moderation"],
        service_tier: params.service_tier as ImageEditRequest["service_tier"],
        quality: params.quality as ImageEditRequest["quality"],
        images: call.inputImages.map((url) => ({ image_url: url })),
        background: params.background as ImageEditRequest["background"],
        input_fidelity: params.input_fidelity as ImageEditRequest["input_fidelity"],
        output_format: params.output_format as ImageEditRequest["output_format"],
        output_compression: params.output_compression,
      },
      call.options,
    );
    const { data, images, requestId } = await readImagesResponse(
      response,
      vEditImagesResponse,
      call.options,
    );
    return fromImagesResponse(data, images, requestId);
  }
  const response = await call.client.postRaw(
    "/images/generations",
    {
      model: params.model,
      prompt: params.prompt,
      n: call.count,
      // "auto" is the same as none (as edits read it), but generations pass it on as the
      // model's image_size, which Google's models (whose sizes are 1K, 2K, 4K) refuse.
      size: params.size === "auto" ? undefined : params.size,
      aspect_ratio: params.aspect_ratio,
      moderation: params.moderation as ImageGenerationRequest["moderation"],
      service_tier: params.service_tier as ImageGenerationRequest["service_tier"],
      quality: params.quality as ImageGenerationRequest["quality"],
      style: params.style as ImageGenerationRequest["style"],
    },
    call.options,
  );
  const { data, images, requestId } = await readImagesResponse(
    response,
    vGenerateImagesResponse,
    call.options,
  );
  return fromImagesResponse(data, images, requestId);
}

function fromImagesResponse(
  data: ImagesResponse,
  decoded: ReadonlyMap<string, Uint8Array>,
  requestId: string | null,
): ImageCallResult {
  const images = data.data.map((item) => {
    // Decoded while streaming; decoded here when the body was small enough to read whole or the
    // value held an escape sequence. The base64 is not kept: `GeneratedImage` encodes it again
    // only if asked.
    // An empty map (a body read whole) is not asked: a lookup would hash the base64 string.
    const bytes =
      (decoded.size > 0 ? decoded.get(item.b64_json) : undefined) ??
      decodeBase64Checked(item.b64_json, requestId);
    try {
      return new GeneratedImage(bytes, {
        revisedPrompt: item.revised_prompt ?? undefined,
        requestId,
      });
    } catch (error) {
      throw new ResponseValidationError(
        "The gateway returned b64_json that is not an image",
        item.b64_json.slice(0, 100),
        requestId,
        { cause: error },
      );
    }
  });
  const usage = data.usage;
  if (images.length === 0)
    throw new ContentFilterError(requestId, undefined, usageCostUsd(usage?.cost));
  return {
    images,
    requestId,
    created: data.created,
    usage: usage
      ? {
          input_tokens: usage.input_tokens,
          output_tokens: usage.output_tokens,
          total_tokens: usage.total_tokens,
          output_image_tokens: usage.output_tokens_details.image_tokens,
        }
      : undefined,
    gatewayCost: usageCostUsd(usage?.cost),
  };
}

function decodeBase64Checked(text: string, requestId: string | null): Uint8Array {
  try {
    return decodeBase64(text);
  } catch (error) {
    throw new ResponseValidationError(
      "The gateway returned b64_json that is not valid base64",
      text.slice(0, 100),
      requestId,
      { cause: error },
    );
  }
}

/** The cost of one call from the catalog, for when the gateway sent none. */
export function estimatedCost(
  model: ImageModelRules,
  result: ImageCallResult,
  call: ImageCall,
): number {
  const first = result.images[0];
  return estimateImageCost(model, {
    images: result.billedImages ?? result.images.length,
    width: first?.width ?? 1024,
    height: first?.height ?? 1024,
    tier: requestedTier(model, call.params.size),
    quality: call.params.quality,
    inputImages: call.inputImages.length,
    outputImageTokens: result.usage?.output_image_tokens,
  }).cost;
}
