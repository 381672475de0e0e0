import {
  type ChatCompletionRequest,
  chatImageOptions,
  findImageModelRules,
  imageOptionProblems,
  isValid,
  nearMiss,
  validate,
  vCreateChatCompletionBody,
  vCreateChatCompletionResponse,
  vImageConfig,
} from "@pictor/contract";
import { ChatCompletionStream } from "../core/chat-completion-stream";
import { RequestValidationError, type ValidationIssue } from "../core/errors";
import type { RequestOptions } from "../core/request-options";
import type { ChatCompletionCreateParams, ChatCompletionResult } from "../resources/chat";
import type { ApiClient } from "./api-client";
import { attemptTimeoutOf } from "./attempt-timeout";
import { normalizeChatInputs } from "./chat-inputs";
import { modelIdIssue } from "./check-model-id";
import { linkAbortWeakly } from "./link-abort-weakly";
import { notAStringIssue } from "./not-a-string-issue";
import { requestOptionKeys } from "./option-checks";
import { checkParamsObject } from "./params-shape";

/*
 * `pictor.chat.completions.create`'s work, loaded on its first call (see ADR 0010): an app that
 * only generates images never downloads the chat request checks, the SSE reader or the stream.
 */

/** Checks and sends a chat completion request: a `ChatCompletionStream` with `stream: true`. */
export async function createChatCompletion(
  client: ApiClient,
  input: ChatCompletionCreateParams,
  options: RequestOptions | undefined,
): Promise<ChatCompletionStream | ChatCompletionResult> {
  const params = await checkedChatRequest(input, options?.signal);
  if (params.stream) {
    // The stream's own signal, which the caller's aborts too (linked by hand, not with
    // `AbortSignal.any`: see `onAbort`), so `stream.abort()` ends it as a caller's abort would.
    const controller = new AbortController();
    const unlink = options?.signal && linkAbortWeakly(options.signal, controller);
    const streamOptions = { ...options, signal: controller.signal };
    let response: Response;
    try {
      response = await client.postRaw("/chat/completions", params, streamOptions);
    } catch (error) {
      unlink?.();
      throw error;
    }
    // Unlinked once the stream is over: read, left, aborted, or timed out unread.
    if (unlink) attemptTimeoutOf(response)?.onSettle(unlink);
    return new ChatCompletionStream(response, controller, streamOptions, client, options?.signal);
  }
  const { data, requestId } = await client.postJson(
    "/chat/completions",
    params,
    vCreateChatCompletionResponse,
    options,
  );
  // The gateway puts a chat completion's id in `metadata.request_id`; the header may be absent.
  return { ...data, requestId: requestId ?? data.metadata?.request_id ?? null };
}

/**
 * The request as the gateway takes it (user images normalized), checked against the spec's
 * schema and the model's catalog entry (input images, `image_config`): bad input is never sent.
 */
async function checkedChatRequest(
  input: ChatCompletionCreateParams,
  signal: AbortSignal | undefined,
): Promise<ChatCompletionRequest> {
  checkParamsObject(input);
  // Messages that are not an array are the schema's to report.
  const normalized: { messages: unknown; issues: ValidationIssue[]; inputImages: number } =
    Array.isArray(input.messages)
      ? await normalizeChatInputs(input.messages, signal)
      : { messages: input.messages, issues: [], inputImages: 0 };
  const params: unknown = { ...input, messages: normalized.messages };
  const found = [...normalized.issues, ...unknownKeyIssues(input), ...emptyTurnIssues(input)];
  // A missing model is the schema's to report ("Required"); an empty one only Pictor's.
  const modelIssue = input.model === undefined ? undefined : modelIdIssue(input.model);
  if (modelIssue) found.push(modelIssue);
  if (found.length > 0 || !isValid(vCreateChatCompletionBody, params))
    throw new RequestValidationError([
      ...found,
      ...validate(vCreateChatCompletionBody, params).map((issue) =>
        notAStringInImageConfig(explainedShape(issue, input), input),
      ),
    ]);
  const issues: ValidationIssue[] = [];
  const model = findImageModelRules(params.model);
  // Only on a body of the right shape: every image in it was counted while normalizing.
  if (model) {
    const config = chatImageOptions(params.image_config ?? {}, normalized.inputImages);
    for (const problem of imageOptionProblems(model, { ...config, model: params.model })) {
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
 * Where a top-level image option belongs (`aspect_ratio`, `aspectRatio`, the images API's `size`
 * → `image_config.image_size`): the gateway reads image options from `image_config` only.
 * `n` only for a model of the catalog: other OpenAI-compatible servers read a top-level `n` as
 * the number of choices; this gateway's image models ignore it.
 */
function imageConfigPathOf(key: string, model: unknown): string | undefined {
  const field =
    key === "size"
      ? "image_size"
      : key === "quality"
        ? "image_quality"
        : imageConfigFields.includes(key)
          ? key !== "n" || (typeof model === "string" && findImageModelRules(model))
            ? key
            : undefined
          : nearMiss(key, imageConfigFields);
  return field && `image_config.${field}`;
}

/**
 * Keys that would have no effect. In `image_config`, any key it does not name (the gateway
 * strips it): `aspectRatio` has no effect where `aspect_ratio` would. At the top level a
 * per-call option, a near miss of a field (`maxTokens`) and an image option that belongs in
 * `image_config` (the gateway reads image options there only): other keys are sent as they
 * are, as OpenAI-compatible gateways take fields the spec does not name (`top_k`, …).
 */
function unknownKeyIssues(input: object): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const model: unknown = Reflect.get(input, "model");
  for (const [key, field] of Object.entries(input)) {
    if (field === undefined || chatFields.includes(key)) continue;
    const meant = nearMiss(key, chatFields) ?? imageConfigPathOf(key, model);
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

/** Chat's image options that are strings, with a value to suggest for a model the catalog does not know. */
const stringImageOptions = new Map([
  ["image_size", "1K"],
  ["aspect_ratio", "16:9"],
]);

/**
 * An `image_config` string option (`image_size`, `aspect_ratio`, or an enum: `image_quality`,
 * `moderation`) given as a number or null, said to be one as the images API's are, with the
 * values the model takes (the catalog's answer for the value written as a string), else the
 * spec's. An option the model ignores keeps the catalog's word: no value would do.
 */
function notAStringInImageConfig(
  issue: ValidationIssue,
  input: ChatCompletionCreateParams,
): ValidationIssue {
  const field = issue.path.slice("image_config.".length);
  const node = vImageConfig.t === "o" ? vImageConfig.p[field] : undefined;
  const values = node?.t === "e" ? node.v.map(String) : undefined;
  const example = stringImageOptions.get(field) ?? values?.[0];
  const value: unknown = Reflect.get(Object(input.image_config), field);
  if (example === undefined || (typeof value !== "number" && value !== null)) return issue;
  const model = typeof input.model === "string" ? findImageModelRules(input.model) : undefined;
  const options = { ...chatImageOptions({ [field]: String(value) }, 0), model: input.model };
  const problem =
    model && imageOptionProblems(model, options).find((found) => found.param === issue.path);
  if (problem?.kind === "not_honoured") return { path: issue.path, message: problem.message };
  return notAStringIssue(issue, value, example, problem?.accepted ?? values);
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
 * A message's `role` or `content`, or a `stop`, that fits none of the shapes the schema allows,
 * said with what they are: the schema's own words ("matches none of the allowed shapes") name
 * neither.
 */
function explainedShape(
  issue: ValidationIssue,
  input: ChatCompletionCreateParams,
): ValidationIssue {
  if (!issue.message.startsWith("Invalid input: matches none")) return issue;
  if (issue.path === "stop") {
    // The spec's `stop` takes a string or at most 4 of them.
    const count = Array.isArray(input.stop) ? input.stop.length : 0;
    return {
      path: issue.path,
      message:
        count > 4
          ? `at most 4 stop sequences, got ${count}; keep the 4 that matter most`
          : "must be a string or a list of at most 4 strings",
    };
  }
  const match = /^messages\.(\d+)\.(role|content)$/.exec(issue.path);
  if (!match) return issue;
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
