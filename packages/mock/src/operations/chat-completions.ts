import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatUsage,
  chatImageOptions,
  type ImageModelEntry,
  type ImageObject,
  outputDimensions,
} from "@pictor/contract";
import { errorObject, gatewayError } from "../gateway/gateway-error";
import { checkModelOptions, resolveModel } from "../gateway/model-checks";
import type { CheckContext, CheckedRequest, OperationContext } from "../gateway/operation-context";
import { linkingProviders } from "../gateway/provider-images";
import { findTextModel, type TextModel } from "../gateway/text-models";
import { encodeBase64 } from "../image";
import { readChatInput } from "./chat-input";
import { type InputImage, readInputImage } from "./input-images";
import { json } from "./json-response";
import { type RequestUsage, renderImages, requestUsage } from "./render-images";
import { type StreamEnd, sseEvent, sseResponse } from "./sse";

/**
 * `POST /v1/chat/completions` with an image model: images in `message.images` as data URLs
 * (or, with `providerImageUrls`, as links for the providers whose links the gateway passes on),
 * or with `stream: true` as SSE framed like the gateway (role chunk, content deltas, each
 * image whole in one `delta.images` chunk, a usage chunk, `data: [DONE]`). A text model of the
 * gateway answers in text, without images.
 */
export async function createChatCompletion(
  body: ChatCompletionRequest,
  check: CheckContext,
): Promise<CheckedRequest> {
  if (check.keyRefusal) return { ok: false, response: check.keyRefusal };
  // The gateway's chat serves its text models too: an answer in words, no image.
  const textModel = findTextModel(body.model);
  if (textModel) return { ok: true, answer: (context) => answerInText(textModel, body, context) };
  const resolved = resolveModel(body.model, check.now);
  if (!resolved.ok) return resolved;
  const { model } = resolved;
  const config = body.image_config ?? {};
  const input = readChatInput(body.messages);
  const checked = checkModelOptions(model, {
    ...chatImageOptions(config, input.imageUrls.length),
    model: body.model,
  });
  if (!checked.ok) return checked;

  const sources: InputImage[] = [];
  for (const [index, url] of input.imageUrls.entries()) {
    const read = await readInputImage(url, check.resolveImageUrl);
    if (!read.ok)
      return {
        ok: false,
        response: gatewayError(400, `${input.imageParams[index]} is invalid: ${read.reason}`),
      };
    sources.push(read.image);
  }
  // Refinement edits the latest image of the conversation.
  const source = sources.at(-1);
  const { width, height } = outputDimensions(model, {
    size: checked.size,
    aspect_ratio: checked.aspect_ratio,
    source,
  });
  return {
    ok: true,
    async answer(context) {
      const filtered = context.fault?.type === "content_filter";
      // A model that answered with text only: the chat carries no images, and ends normally.
      const count = filtered || context.fault?.type === "no_images" ? 0 : checked.count;
      const provider = model.providers[0];
      const plan: ChatPlan = {
        id: `chatcmpl-${context.requestId.slice(0, 24)}`,
        created: context.created,
        // "<provider>/<upstream id>", as the gateway reports the model that served the request.
        model: provider ? `${provider.provider_id}/${model.id}` : model.id,
        metadata: {
          request_id: context.requestId,
          requested_model: body.model,
          requested_provider: null,
          used_model: model.id,
          used_provider: provider?.provider_id ?? model.provider,
          underlying_used_model: provider?.upstream_id ?? model.id,
        },
        text: filtered ? "" : `Here is your image: ${input.prompt}`,
        imageUrl: urlMaker(model, context),
        finishReason: filtered ? "content_filter" : "stop",
        usage: chatUsage(
          requestUsage(model, {
            prompt: input.prompt,
            images: count,
            width,
            height,
            size: config.image_size,
            quality: config.image_quality,
            inputImages: sources.length,
          }),
        ),
        render: () =>
          renderImages(
            { prompt: input.prompt, model, seed: checked.seed, count, width, height, source },
            context,
          ),
      };
      return answer(plan, body.stream, context);
    },
  };
}

/** A text model's answer: words about the prompt, no image, usage without a cost (the mock knows no text prices). */
function answerInText(
  model: TextModel,
  body: ChatCompletionRequest,
  context: OperationContext,
): Promise<Response> {
  const { prompt } = readChatInput(body.messages);
  const filtered = context.fault?.type === "content_filter";
  const text = filtered ? "" : `You said: ${prompt}`;
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  const completionTokens = Math.ceil(text.length / 4);
  return answer(
    {
      id: `chatcmpl-${context.requestId.slice(0, 24)}`,
      created: context.created,
      model: `${model.provider}/${model.id}`,
      metadata: {
        request_id: context.requestId,
        requested_model: body.model,
        requested_provider: null,
        used_model: model.id,
        used_provider: model.provider,
        underlying_used_model: model.id,
      },
      text,
      imageUrl: (png) => `data:image/png;base64,${encodeBase64(png)}`,
      finishReason: filtered ? "content_filter" : "stop",
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      render: async () => [],
    },
    body.stream,
    context,
  );
}

/** The plan as a completion, or with `stream: true` as the gateway's SSE. */
async function answer(
  plan: ChatPlan,
  stream: boolean | null | undefined,
  context: OperationContext,
): Promise<Response> {
  if (stream) return sseResponse(streamEvents(plan, context));
  const images = await plan.render();
  const completion: ChatCompletion = {
    id: plan.id,
    object: "chat.completion",
    created: plan.created,
    model: plan.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: plan.text || null,
          ...(images.length > 0
            ? { images: images.map((png) => imageObject(plan.imageUrl(png))) }
            : {}),
        },
        finish_reason: plan.finishReason,
      },
    ],
    usage: plan.usage,
    metadata: plan.metadata,
  };
  return json(completion);
}

interface ChatPlan {
  id: string;
  created: number;
  /** The model that served the request, as the response's `model` names it. */
  model: string;
  metadata: NonNullable<ChatCompletion["metadata"]>;
  text: string;
  finishReason: "stop" | "content_filter";
  /** The URL an image goes out as (a data URL, or a provider's link). */
  imageUrl: (png: Uint8Array) => string;
  usage: ChatUsage;
  render: () => Promise<Uint8Array[]>;
}

async function* streamEvents(
  plan: ChatPlan,
  context: OperationContext,
): AsyncGenerator<Uint8Array, StreamEnd> {
  const chunk = (
    delta: ChatCompletionChunk["choices"][number]["delta"],
    finish: ChatCompletionChunk["choices"][number]["finish_reason"] = null,
    usage?: ChatUsage,
  ): Uint8Array =>
    sseEvent({
      id: plan.id,
      object: "chat.completion.chunk",
      created: plan.created,
      model: plan.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    } satisfies ChatCompletionChunk);

  yield chunk({ role: "assistant", content: "" });
  // The text arrives in a few deltas, as a model would stream it.
  for (const piece of plan.text.match(/.{1,24}(\s|$)|.+$/g) ?? []) yield chunk({ content: piece });

  const fault = context.fault?.type;
  if (fault === "truncated_stream") return { kind: "break" };
  if (fault === "stream_error") {
    const message =
      context.fault?.type === "stream_error" && context.fault.message
        ? context.fault.message
        : "Upstream stream terminated unexpectedly before completion";
    // As the gateway's normalized stream errors are: `details` says the status the failure
    // stands for (an upstream that hung up mid-stream is a 502).
    const error = {
      ...errorObject(502, message, { type: "gateway_error", code: "streaming_error" }),
      details: {
        statusCode: 502,
        statusText: "Upstream Stream Terminated",
        errorName: "TypeError",
      },
    };
    yield sseEvent({ error }, "error");
    // The gateway names the end of a failed stream, unlike that of a whole one.
    yield sseEvent("[DONE]", "done");
    return { kind: "done" };
  }
  for (const png of await plan.render()) yield chunk({ images: [imageObject(plan.imageUrl(png))] });
  yield chunk({}, plan.finishReason, plan.usage);
  yield sseEvent("[DONE]");
  return { kind: "done" };
}

function imageObject(url: string): ImageObject {
  return { type: "image_url", image_url: { url } };
}

/** How an image goes out: a link for the providers the gateway passes links on from, if asked, else a data URL. */
function urlMaker(model: ImageModelEntry, context: OperationContext): (png: Uint8Array) => string {
  const { linkImage } = context;
  if (linkImage && linkingProviders.has(model.provider)) return linkImage;
  return (png) => `data:image/png;base64,${encodeBase64(png)}`;
}

function chatUsage(usage: RequestUsage): ChatUsage {
  const prompt = usage.promptTokens + usage.inputImageTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.outputImageTokens,
    total_tokens: prompt + usage.outputImageTokens,
    prompt_tokens_details: { cached_tokens: 0, image_tokens: usage.inputImageTokens },
    completion_tokens_details: { reasoning_tokens: 0, image_tokens: usage.outputImageTokens },
    cost: usage.cost.cost,
    cost_details: {
      input_cost: usage.cost.input_cost,
      output_cost: 0,
      image_output_cost: usage.cost.image_output_cost,
      total_cost: usage.cost.cost,
    },
  };
}
