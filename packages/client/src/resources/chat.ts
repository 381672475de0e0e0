import {
  type ChatCompletion,
  type ChatCompletionRequest,
  chatImageOptions,
  findImageModelRules,
  type ImageModelId,
  imageOptionProblems,
  isValid,
  nearMiss,
  validate,
  vCreateChatCompletionBody,
  vCreateChatCompletionResponse,
  vImageConfig,
} from "@pictor/contract";
import { ChatCompletionStream } from "../core/chat-completion-stream";
import type { ChatInputMessage } from "../core/chat-input-message";
import { ContentFilterError, RequestValidationError, type ValidationIssue } from "../core/errors";
import type { GeneratedImage } from "../core/generated-image";
import type { RequestOptions } from "../core/request-options";
import type { ApiClient } from "../internal/api-client";
import { attemptTimeoutOf } from "../internal/attempt-timeout";
import { imageFromUrl } from "../internal/chat-images";
import { normalizeChatInputs } from "../internal/chat-inputs";
import { modelIdIssue } from "../internal/check-model-id";
import { checkCallOptions, requestOptionKeys } from "../internal/option-checks";
import { checkParamsObject } from "../internal/params-shape";
import { linkAbort } from "../internal/read-or-abort";

/**
 * A chat completion request; `model` autocompletes the catalog's image models and takes any id,
 * and a user's image parts take any `ImageInput` (bytes, a Blob, base64, an earlier result, a URL).
 */
export interface ChatCompletionCreateParams
  extends Omit<ChatCompletionRequest, "model" | "messages" | "stream"> {
  /** The model: the catalog's image models autocomplete, any other id is sent as is. */
  model: ImageModelId;
  /** The conversation; image parts take any `ImageInput`. */
  messages: readonly ChatInputMessage[];
  /** `true` answers with a stream of chunks (see the overloads of `create`). */
  stream?: boolean | undefined;
}

/** A chat completion request answered as a stream of chunks (`stream: true`). */
export interface ChatCompletionCreateParamsStreaming extends ChatCompletionCreateParams {
  /** Stream the answer as server-sent events. */
  stream: true;
}

/** A chat completion request answered whole (`stream` false or left out). */
export interface ChatCompletionCreateParamsNonStreaming extends ChatCompletionCreateParams {
  /** Answer whole, not as a stream. */
  stream?: false | undefined;
}

/** A chat completion as the gateway sent it, plus its `x-request-id`. */
export type ChatCompletionResult = ChatCompletion & { requestId: string | null };

/** `pictor.chat.completions`: OpenAI-style chat; image models answer with `message.images`. */
export class Completions {
  readonly #client: ApiClient;

  /** @internal */
  constructor(client: ApiClient) {
    this.#client = client;
  }

  /**
   * Creates a chat completion. With `stream: true` it resolves, once the headers arrive, to a
   * `ChatCompletionStream` of typed chunks.
   * @example
   * const stream = await pictor.chat.completions.create({ model: "gemini-3-pro-image-preview", messages, stream: true, image_config: { aspect_ratio: "16:9" } });
   * const { content, images } = await stream.finalMessage();
   */
  create(
    params: ChatCompletionCreateParamsStreaming,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream>;
  create(
    params: ChatCompletionCreateParamsNonStreaming,
    options?: RequestOptions,
  ): Promise<ChatCompletionResult>;
  /** `stream` known only at run time (a `boolean`, or params typed `ChatCompletionCreateParams`): either result. */
  create(
    params: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream | ChatCompletionResult>;
  async create(
    input: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream | ChatCompletionResult> {
    checkCallOptions("chat.completions.create", options);
    const params = await checkedChatRequest(input);
    if (params.stream) {
      // The stream's own signal, which the caller's aborts too (linked by hand, not with
      // `AbortSignal.any`: see `onAbort`), so `stream.abort()` ends it as a caller's abort would.
      const controller = new AbortController();
      const unlink =
        options?.signal && linkAbort(options.signal, (reason) => controller.abort(reason));
      const streamOptions = { ...options, signal: controller.signal };
      let response: Response;
      try {
        response = await this.#client.postRaw("/chat/completions", params, streamOptions);
      } catch (error) {
        unlink?.();
        throw error;
      }
      // Unlinked once the stream is over: read, left, aborted, or timed out unread.
      if (unlink) attemptTimeoutOf(response)?.onSettle(unlink);
      return new ChatCompletionStream(
        response,
        controller,
        streamOptions,
        this.#client,
        options?.signal,
      );
    }
    const { data, requestId } = await this.#client.postJson(
      "/chat/completions",
      params,
      vCreateChatCompletionResponse,
      options,
    );
    return { ...data, requestId };
  }

  /**
   * The images of a (non-streamed) completion, decoded; provider https URLs are downloaded.
   * Throws `ContentFilterError` when the provider's filter stopped the image.
   */
  async imagesOf(
    completion: ChatCompletionResult,
    options?: Pick<RequestOptions, "signal" | "timeout">,
  ): Promise<GeneratedImage[]> {
    // Only what the downloads use: the rest would be accepted and ignored.
    checkCallOptions("chat.completions.imagesOf", options, ["signal", "timeout"]);
    const urls = completion.choices.flatMap((choice) =>
      (choice.message.images ?? []).map((image) => image.image_url.url),
    );
    // As a stream's finalMessage(): no image because the filter stopped it is an error to catch.
    if (
      urls.length === 0 &&
      completion.choices.some((choice) => choice.finish_reason === "content_filter")
    )
      throw new ContentFilterError(completion.requestId);
    return Promise.all(
      urls.map((url) => imageFromUrl(url, this.#client, options, completion.requestId)),
    );
  }
}

/** `pictor.chat`. */
export class Chat {
  /** Chat completions. */
  readonly completions: Completions;

  /** @internal */
  constructor(client: ApiClient) {
    this.completions = new Completions(client);
  }
}

/**
 * The request as the gateway takes it (user images normalized), checked against the spec's
 * schema and the model's catalog entry (input images, `image_config`): bad input is never sent.
 */
async function checkedChatRequest(
  input: ChatCompletionCreateParams,
): Promise<ChatCompletionRequest> {
  checkParamsObject(input);
  // Messages that are not an array are the schema's to report.
  const normalized: { messages: unknown; issues: ValidationIssue[]; inputImages: number } =
    Array.isArray(input.messages)
      ? await normalizeChatInputs(input.messages)
      : { messages: input.messages, issues: [], inputImages: 0 };
  const params: unknown = { ...input, messages: normalized.messages };
  const found = [...normalized.issues, ...unknownKeyIssues(input), ...emptyTurnIssues(input)];
  // A missing model is the schema's to report ("Required"); an empty one only Pictor's.
  const modelIssue = input.model === undefined ? undefined : modelIdIssue(input.model);
  if (modelIssue) found.push(modelIssue);
  if (found.length > 0 || !isValid(vCreateChatCompletionBody, params))
    throw new RequestValidationError([
      ...found,
      ...validate(vCreateChatCompletionBody, params).map((issue) => explainedShape(issue, input)),
    ]);
  const issues: ValidationIssue[] = [];
  const model = findImageModelRules(params.model);
  // Only on a body of the right shape: every image in it was counted while normalizing.
  if (model) {
    const config = chatImageOptions(params.image_config ?? {}, normalized.inputImages);
    for (const problem of imageOptionProblems(model, config)) {
      issues.push({ path: problem.param, message: problem.message, accepted: problem.accepted });
    }
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
  return params;
}

/** The keys of a schema node that is an object (the generated validators are). */
function keysOf(node: typeof vCreateChatCompletionBody | typeof vImageConfig): string[] {
  return node.t === "o" ? Object.keys(node.p) : [];
}

/** The request's fields the spec names. */
const chatFields = keysOf(vCreateChatCompletionBody);
/** The fields of `image_config`: the gateway strips any other, so it would have no effect. */
const imageConfigFields = keysOf(vImageConfig);

/**
 * Keys that would have no effect. In `image_config`, any key it does not name (the gateway
 * strips it): `aspectRatio` has no effect where `aspect_ratio` would. At the top level only a
 * per-call option and a near miss of a field (`maxTokens`): other keys are sent as they are, as
 * OpenAI-compatible gateways take fields the spec does not name (`top_k`, `safety_identifier`, …).
 */
function unknownKeyIssues(input: object): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [key, field] of Object.entries(input)) {
    if (field === undefined || chatFields.includes(key)) continue;
    const meant = nearMiss(key, chatFields);
    if (requestOptionKeys.includes(key))
      issues.push({
        path: key,
        message: `${key} is a per-call option, not a parameter: pass it as the second argument, chat.completions.create(params, { ${key} })`,
      });
    else if (meant)
      issues.push({ path: key, message: `Unknown parameter (did you mean ${meant}?)` });
  }
  const config: unknown = Reflect.get(input, "image_config");
  // An image_config that is not an object is the schema's to report.
  if (typeof config === "object" && config !== null && !Array.isArray(config))
    for (const [key, field] of Object.entries(config)) {
      if (field === undefined || imageConfigFields.includes(key)) continue;
      const meant = nearMiss(key, imageConfigFields);
      issues.push({
        path: `image_config.${key}`,
        message: `Unknown parameter${meant ? ` (did you mean ${meant}?)` : ""}; image_config takes ${imageConfigFields.join(", ")}`,
      });
    }
  return issues;
}

/** Whether a message content has something to read: text that is not all whitespace, or an image. */
function hasContent(content: unknown): boolean {
  if (typeof content === "string") return content.trim() !== "";
  if (!Array.isArray(content)) return true; // Not a content at all: the schema's to report.
  return content.some(
    (part: unknown) =>
      typeof part !== "object" ||
      part === null ||
      Reflect.get(part, "type") !== "text" ||
      String(Reflect.get(part, "text")).trim() !== "",
  );
}

/**
 * User turns with nothing in them (`""`, spaces, an empty text part): sent, they cost a call
 * for an answer to nothing. An assistant turn may be empty (its images or tool calls are the
 * turn), and so may a system turn (`system: ""` from a settings field is no mistake).
 */
function emptyTurnIssues(input: ChatCompletionCreateParams): ValidationIssue[] {
  if (!Array.isArray(input.messages)) return [];
  const issues: ValidationIssue[] = [];
  for (const [index, message] of input.messages.entries()) {
    if (typeof message !== "object" || message === null) continue;
    if (message.role === "user" && !hasContent(message.content))
      issues.push({
        path: `messages.${index}.content`,
        message: `a user message needs text or an image; this one has ${typeof message.content === "string" && message.content === "" ? "an empty string" : "only whitespace or empty text parts"}`,
      });
  }
  return issues;
}

/** The roles a message may have, in the spec's order. */
const roles = ["system", "user", "assistant", "tool"];

/**
 * A message's `role` or `content` that fits none of the shapes the schema allows, said with
 * what they are: the schema's own words ("matches none of the allowed shapes") name neither.
 */
function explainedShape(
  issue: ValidationIssue,
  input: ChatCompletionCreateParams,
): ValidationIssue {
  const match = /^messages\.(\d+)\.(role|content)$/.exec(issue.path);
  if (!match || !issue.message.startsWith("Invalid input: matches none")) return issue;
  if (match[2] === "role") {
    const role: unknown = Reflect.get(Object(input.messages[Number(match[1])]), "role");
    return {
      path: issue.path,
      message: `role must be one of ${roles.join(", ")}, got ${typeof role === "string" ? JSON.stringify(role) : typeof role}`,
    };
  }
  return {
    path: issue.path,
    message:
      'content must be a string or a list of parts: { type: "text", text } or { type: "image_url", image_url: { url } }',
  };
}
