import {
  type ChatCompletion,
  type ChatCompletionRequest,
  fanOutSeed,
  type ImageConfig,
  usageCostUsd,
  vCreateChatCompletionResponse,
} from "@pictor/contract";
import { ContentFilterError, ResponseValidationError } from "../core/errors";
import type { GeneratedImage } from "../core/generated-image";
import { IncompleteMessageError } from "../core/incomplete-message-error";
import { turnOf, withImages } from "./chat-images";
import type { ImageCall, ImageCallResult } from "./image-call";
import { PaidCallFailure } from "./paid-call-failure";

/*
 * The route of an image call through chat completions, loaded on its first use (ADR 0010): most
 * calls go to the images endpoint, and an app that makes only those never downloads it.
 */

/** One call through chat completions (`image_config`), for options only chat honours. */
export async function viaChat(call: ImageCall): Promise<ImageCallResult> {
  const { params } = call;
  const content =
    call.inputImages.length > 0
      ? [
          ...call.inputImages.map((url) => ({ type: "image_url" as const, image_url: { url } })),
          { type: "text" as const, text: params.prompt },
        ]
      : params.prompt;
  const { data, requestId } = await call.client.postJson(
    "/chat/completions",
    {
      model: params.model,
      messages: [{ role: "user", content }],
      service_tier: params.service_tier as ChatCompletionRequest["service_tier"],
      image_config: {
        aspect_ratio: params.aspect_ratio,
        // "auto" is the same as none; as image_size it would reach the provider (see viaImages).
        image_size: params.size === "auto" ? undefined : params.size,
        image_quality: params.quality as ImageConfig["image_quality"],
        seed: params.seed === undefined ? undefined : fanOutSeed(params.seed, call.seedOffset),
        n: call.count,
        moderation: params.moderation as ImageConfig["moderation"],
      },
    },
    vCreateChatCompletionResponse,
    call.options,
  );
  // The gateway puts a chat completion's id in `metadata.request_id`; the header may be absent.
  return fromChatCompletion(call, data, requestId ?? data.metadata?.request_id ?? null);
}

async function fromChatCompletion(
  call: ImageCall,
  data: ChatCompletion,
  requestId: string | null,
): Promise<ImageCallResult> {
  const choice = data.choices[0];
  // Images that came back are kept whatever `finish_reason` says (they are paid for).
  const urls = (choice?.message.images ?? []).map((image) => image.image_url.url);
  let images: GeneratedImage[] = [];
  let failure: unknown;
  if (urls.length === 0) {
    // The filter says so with `content_filter` (as the gateway's /images/* read it, answering
    // data: []); any other ending is a model that wrote instead of drawing (there a 500).
    if (choice?.finish_reason === "content_filter")
      throw new ContentFilterError(requestId, undefined, usageCostUsd(data.usage?.cost));
    failure = new ResponseValidationError(
      `${call.params.model} made no image, and no filter stopped it (finish_reason ${choice?.finish_reason}); it wrote: ${JSON.stringify(choice?.message.content ?? "")}`,
      data,
      requestId,
    );
  } else
    try {
      ({ images } = await withImages(turnOf(data), urls, call.client, call.options, requestId));
    } catch (error) {
      // Its URLs (failed and not) reach the caller in `IncompleteResultError.errors`. Anything
      // else is the caller's abort: still the answer, but the call was paid for, so its cost and
      // request id go with it (on `APIUserAbortError.partialResult`).
      if (IncompleteMessageError.isInstance(error)) images = error.partialMessage.images;
      failure = error;
    }
  const usage = data.usage;
  const result: ImageCallResult = {
    images,
    requestId,
    created: data.created,
    usage: usage
      ? {
          input_tokens: usage.prompt_tokens,
          output_tokens: usage.completion_tokens,
          total_tokens: usage.total_tokens,
          output_image_tokens: usage.completion_tokens_details?.image_tokens ?? 0,
        }
      : undefined,
    gatewayCost: usageCostUsd(usage?.cost),
  };
  // The call was answered and paid for: what downloaded and the cost stay with the result (an
  // estimate counts every image made, downloaded or not).
  if (failure) throw new PaidCallFailure({ ...result, billedImages: urls.length }, failure);
  return result;
}
