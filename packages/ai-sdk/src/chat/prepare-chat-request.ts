import {
  InvalidArgumentError,
  type LanguageModelV4CallOptions,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { ChatCompletionCreateParams } from "@pictor/client";
import {
  chatImageOptions,
  estimateImageCost,
  findImageModelRules,
  type ImageConfig,
  imageOptionProblems,
  outputDimensions,
  requestedTier,
  zImageConfig,
} from "@pictor/contract";
import {
  type OptionHomes,
  parsePictorOptions,
  warnUnknownKeys,
} from "../internal/parse-pictor-options";
import { convertToPictorMessages, promptPlaceOf, tidyTurns } from "./convert-to-pictor-messages";
import { fitInputImages } from "./fit-input-images";
import { pictorChatProviderOptionsSchema } from "./pictor-chat-provider-options";
import { warnPromptProviderOptions } from "./warn-prompt-provider-options";

/** A chat request ready for the client, with what the caller needs to hear about it. */
export interface PreparedChatRequest {
  /** The request without `stream`, which the call adds. */
  params: Omit<ChatCompletionCreateParams, "stream" | "stream_options">;
  warnings: SharedV4Warning[];
  inputImages: number;
  /** The AI SDK name of a request field, e.g. `max_tokens` → `maxOutputTokens`. */
  argumentOf: (clientPath: string) => string;
  /** Which message a request field came from, when it came from the prompt (`user message`). */
  aboutArgument: (clientPath: string) => string | undefined;
}

/** How many stop sequences the gateway's `stop` takes. */
const maxStopSequences = 4;

/**
 * Image options given beside `image_config`, where `generateImage` takes `image_size`, `quality`
 * and `moderation`: a copy from an image call would otherwise be dropped with no hint why.
 */
const chatOptionHomes: OptionHomes = Object.fromEntries(
  [...Object.keys(zImageConfig.shape), "quality"].map((key) => {
    const field = key === "quality" ? "image_quality" : key;
    return [key, `chat models take it as providerOptions.pictor.image_config.${field}`];
  }),
);

/** Call settings the gateway's chat completions have no field for. */
const unsupportedSettings = ["topK", "presencePenalty", "frequencyPenalty"] as const;

/**
 * Builds the chat completion request for a `generateText` / `streamText` call. Settings the
 * gateway or the model ignore become `unsupported` warnings and are not sent (the client would
 * refuse image options the catalog says the model ignores); `seed` goes to `image_config.seed`
 * where the model honours one.
 */
export function prepareChatRequest(
  modelId: string,
  options: LanguageModelV4CallOptions,
): PreparedChatRequest {
  const warnings: SharedV4Warning[] = [];
  const pictorOptions = parsePictorOptions(
    pictorChatProviderOptionsSchema,
    options.providerOptions,
    warnings,
    chatOptionHomes,
  );
  for (const setting of unsupportedSettings) {
    if (options[setting] !== undefined) {
      warnings.push({
        type: "unsupported",
        feature: setting,
        details: "The gateway's chat completions have no such field; it was not sent",
      });
    }
  }
  const stops = options.stopSequences?.length ?? 0;
  if (stops > maxStopSequences) {
    // The spec's check would say only that `stop` matches none of its shapes.
    throw new InvalidArgumentError({
      argument: "stopSequences",
      message: `stopSequences: the gateway takes at most ${maxStopSequences} stop sequences, got ${stops}; pass the ${maxStopSequences} that matter most (nothing was sent)`,
    });
  }
  if (options.responseFormat?.type === "json") {
    // Not passed through: the gateway takes `response_format`, but refuses `json_object` for a
    // model whose catalog entry has no JSON output, and its image models have neither JSON
    // output nor structured outputs (`json_output` and `structured_outputs` false).
    warnings.push({
      type: "unsupported",
      feature: "responseFormat",
      details:
        "JSON output was not requested: the gateway's image models have no JSON mode (it refuses response_format for them), so the answer is text and images. Output.object, Output.json and generateObject parse that text, and throw NoObjectGeneratedError, after the image is paid for, unless the prompt got the model to write JSON. To keep the image, drop the output setting and read result.text and result.files; for an object, ask a text model.",
    });
  }
  const { toolChoice } = options;
  // With toolChoice "none" no tool may be called: leaving the tools out is what was asked.
  if (options.tools !== undefined && options.tools.length > 0 && toolChoice?.type !== "none") {
    warnings.push({
      type: "unsupported",
      feature: "tools",
      details: "Pictor's image models take no tools; they were not sent",
    });
  }
  if (toolChoice?.type === "required" || toolChoice?.type === "tool") {
    // Sent anyway, the answer has no tool call, and the AI SDK throws ToolChoiceViolationError
    // for it: after the gateway made (and billed) the image.
    const asked =
      toolChoice.type === "tool"
        ? `{ type: "tool", toolName: "${toolChoice.toolName}" }`
        : '"required"';
    throw new UnsupportedFunctionalityError({
      functionality: `toolChoice ${asked}`,
      message: `toolChoice ${asked} demands a tool call, and Pictor's image models take no tools: nothing was sent (the AI SDK would have thrown ToolChoiceViolationError after the image was paid for). Leave toolChoice at "auto" (the tools are then left out, with a warning), or give this step a model that calls tools.`,
    });
  }
  if (options.reasoning !== undefined && options.reasoning !== "provider-default") {
    // Not sent on purpose: LLM Gateway answers 400 to `reasoning_effort` (even "none") for a
    // model none of whose providers is flagged `reasoning`, and the catalog's Gemini, Seedream 4
    // and Reve models are not (its source, read in the twenty-eighth session; the others were not
    // found). Said as what Pictor does, not as a limit of the models: a caller who asked for
    // "none" must not read "no reasoning happens".
    warnings.push({
      type: "unsupported",
      feature: "reasoning",
      details: `reasoning "${options.reasoning}" was not sent: Pictor's chat requests carry no reasoning effort, so the model reasons as it does by default (reasoning tokens, if any, are billed and counted in usage.outputTokenDetails.reasoningTokens)`,
    });
  }

  const converted = convertToPictorMessages(options.prompt, warnings);
  warnPromptProviderOptions(options.prompt, warnings);
  const { messages } = converted;
  const model = findImageModelRules(modelId);
  // An unknown model's count limit is the gateway's to tell; the size of a request is known.
  const inputImages = fitInputImages(
    messages,
    converted.inputImages,
    model?.edits.max_input_images ?? Number.POSITIVE_INFINITY,
    modelId,
    warnings,
    converted.fromTools,
  );
  warnUnknownKeys(
    Reflect.get(options.providerOptions?.pictor ?? {}, "image_config"),
    zImageConfig.shape,
    "providerOptions.pictor.image_config",
    warnings,
  );
  const imageConfig: ImageConfig = { ...pictorOptions.image_config };
  let seedFromCall = false;
  if (options.seed !== undefined) {
    if (imageConfig.seed !== undefined) {
      warnings.push({
        type: "unsupported",
        feature: "seed",
        details: "providerOptions.pictor.image_config.seed takes precedence; seed was not sent",
      });
    } else {
      imageConfig.seed = options.seed;
      seedFromCall = true;
    }
  }
  const argumentName = (key: string) =>
    key === "seed" && seedFromCall ? "seed" : `providerOptions.pictor.image_config.${key}`;
  if (model) {
    const imageOptions = { ...chatImageOptions(imageConfig, inputImages), model: modelId };
    for (const problem of imageOptionProblems(model, imageOptions)) {
      // Values the model cannot make stay in: the client refuses them, naming the field.
      if (problem.kind !== "not_honoured") continue;
      const key = problem.param.replace(/^image_config\./, "") as keyof ImageConfig;
      warnings.push({
        type: "unsupported",
        feature: argumentName(key),
        details: `${problem.message}; it was not sent`,
      });
      delete imageConfig[key];
    }
  }

  // The gateway counts a made image's tokens as output: a budget below one image's cuts it off.
  if (options.maxOutputTokens !== undefined && model?.pricing.kind === "per_token") {
    const size = imageConfig.image_size;
    // The size the model makes: the one asked for, else its default (1K on Gemini 3.1 Flash
    // Image), not its smallest (0.5K), which a call that names no size does not get.
    const tier = requestedTier(model, size);
    const tokens = estimateImageCost(model, {
      images: 1,
      ...outputDimensions(model, { size, aspect_ratio: imageConfig.aspect_ratio }),
      tier,
      quality: imageConfig.image_quality,
    }).output_image_tokens;
    if (options.maxOutputTokens < tokens) {
      // "auto" is no size: the model makes its default, as when none is named.
      const at =
        size !== undefined && size !== "auto"
          ? ` at ${size}`
          : tier
            ? ` at its default size, ${tier}`
            : "";
      warnings.push({
        type: "other",
        message: `maxOutputTokens ${options.maxOutputTokens} is below the ${tokens} output tokens one image of "${modelId}" takes${at} (image tokens count as output): the image may be cut off or not made`,
      });
    }
  }

  const params: PreparedChatRequest["params"] = {
    model: modelId,
    // After fitting: a turn whose images were all left out may have nothing else to send.
    messages: tidyTurns(messages),
    ...(Object.keys(imageConfig).length > 0 ? { image_config: imageConfig } : {}),
    ...(options.maxOutputTokens !== undefined ? { max_tokens: options.maxOutputTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topP !== undefined ? { top_p: options.topP } : {}),
    ...(options.stopSequences !== undefined ? { stop: options.stopSequences } : {}),
    ...(pictorOptions.user !== undefined ? { user: pictorOptions.user } : {}),
    ...(pictorOptions.service_tier !== undefined
      ? { service_tier: pictorOptions.service_tier }
      : {}),
  };
  const callNames: Record<string, string> = {
    max_tokens: "maxOutputTokens",
    temperature: "temperature",
    top_p: "topP",
    stop: "stopSequences",
    messages: "prompt",
    model: "modelId",
  };
  return {
    params,
    warnings,
    inputImages,
    argumentOf: (clientPath) => {
      // An image refused in a long conversation: which one, as the caller gave it.
      const place = promptPlaceOf(params.messages, converted.origins, clientPath);
      if (place !== undefined) return place.name;
      const [head = "", key, ...rest] = clientPath.split(".");
      if (head === "image_config" && key !== undefined)
        return [argumentName(key), ...rest].join(".");
      return callNames[head] ?? `providerOptions.pictor.${clientPath}`;
    },
    aboutArgument: (clientPath) =>
      promptPlaceOf(params.messages, converted.origins, clientPath)?.about,
  };
}
