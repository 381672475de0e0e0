import {
  autoImageModelId,
  findImageModelRules,
  type ImageModelRules,
  type ImageOptionProblem,
  imageOptionProblems,
  imagesEndpointModelId,
  imagesPerRequest,
  isDeactivated,
  nearMiss,
  validate,
  vEditImagesBody,
  vGenerateImagesBody,
} from "@pictor/contract";
import type { ValidationIssue } from "../core/errors";
import type { PictorWarning } from "../core/image-result";
import { modelIdIssue } from "./check-model-id";
import { notAStringIssue } from "./not-a-string-issue";
import { imageRequestOptionKeys } from "./option-checks";

/** The options of a generate or edit call, as the caller wrote them (before per-model typing). */
export interface LooseImageParams {
  model: string;
  prompt: string;
  n?: number | undefined;
  size?: string | undefined;
  aspect_ratio?: string | undefined;
  quality?: string | undefined;
  seed?: number | undefined;
  moderation?: string | undefined;
  style?: string | undefined;
  service_tier?: string | undefined;
  background?: string | undefined;
  input_fidelity?: string | undefined;
  output_format?: string | undefined;
  output_compression?: number | undefined;
}

/** How a call will be made: which endpoint, how `n` is split, and what to tell the caller. */
export interface ImageRequestPlan {
  model: ImageModelRules | undefined;
  /** `chat` when an option (a seed) travels only in chat completions' `image_config`. */
  route: "images" | "chat";
  /** Images per gateway call, summing to `n`. */
  batches: number[];
  warnings: PictorWarning[];
}

/** The parameters of both operations (`ImageGenerateParams`, `ImageEditParams`). */
const sharedParams = [
  "model",
  "prompt",
  "n",
  "size",
  "aspect_ratio",
  "quality",
  "seed",
  "moderation",
  "service_tier",
];

/** The parameters each operation takes: any other key is reported, not dropped unsent. */
const paramsOf = {
  generate: new Set([...sharedParams, "style"]),
  edit: new Set([
    ...sharedParams,
    "images",
    "background",
    "input_fidelity",
    "output_format",
    "output_compression",
  ]),
};

/** The spec's bounds of `n`, for the message that names them. */
const nBounds = (() => {
  const node = vGenerateImagesBody.t === "o" ? vGenerateImagesBody.p.n : undefined;
  return { min: (node?.t === "n" && node.min) || 1, max: (node?.t === "n" && node.max) || 10 };
})();

/**
 * openai-node's parameters that have no place here, with what its users do instead: the list of
 * what the call takes would not tell them where their result went.
 */
const insteadOf = new Map([
  [
    "response_format",
    "images come back as base64: read result.images[i].base64 (or .dataURL, .bytes())",
  ],
  ["mask", "the gateway has no mask: describe the area to change in the prompt"],
]);

/** What to say of a parameter `operation` does not take: where it goes, or what it may be. */
function unknownParamMessage(key: string, operation: "generate" | "edit"): string {
  // Someone who thought it was chat: the way to a conversation, not the list of parameters.
  if (key === "messages")
    return `messages are chat's: for a conversation call pictor.chat.completions.create({ model, messages }); images.${operation} takes a prompt (a string)`;
  if (imageRequestOptionKeys.includes(key))
    return `${key} is a per-call option, not a parameter: pass it as the second argument, images.${operation}(params, { ${key} })`;
  const instead = insteadOf.get(key);
  if (instead) return `Unknown parameter: ${instead}`;
  const meant = nearMiss(key, paramsOf[operation]);
  const hint = meant ? ` (did you mean ${meant}?)` : "";
  return `Unknown parameter${hint}; images.${operation} takes ${[...paramsOf[operation]].join(", ")}`;
}

/**
 * Checks the parameters against the spec's schema and the model's catalog entry, and decides
 * the route and the fan-out. Every problem is returned at once, so the caller fixes them in one go.
 */
export function planImageRequest(
  params: LooseImageParams,
  operation: "generate" | "edit",
  inputImages: readonly string[],
  /** Input images the caller passed, including any that could not be read. */
  inputCount: number = inputImages.length,
): { ok: true; plan: ImageRequestPlan } | { ok: false; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  // "auto" is the gateway's choice, which /images/* document: checked and fanned out as that model.
  const model = findImageModelRules(imagesEndpointModelId(params.model));
  const viaChat = params.seed !== undefined && model?.endpoints.chat.includes("seed") === true;
  const wire =
    operation === "edit"
      ? validate(vEditImagesBody, {
          ...params,
          // Unreadable inputs are reported by the caller; here they count for the 1–16 limit.
          images: Array.from({ length: inputCount }, (_, index) => ({
            image_url: inputImages[index] ?? "https://unread.invalid/",
          })),
        })
      : // Keys the spec does not name (seed: the gateway strips it on /images/*) pass, as on the wire.
        validate(vGenerateImagesBody, params);
  for (const issue of wire) {
    // One message for `n` below, instead of the schema's ("Expected number, received number" for NaN).
    if (issue.path === "n") continue;
    // A key the operation does not take is reported as such below: the spec's type for it (the
    // `response_format` Pictor sets itself) would read as the value to give instead.
    if (!paramsOf[operation].has(issue.path.replace(/\..*/, ""))) continue;
    // /images/edits' cap of 16 inputs: a call through chat has none, and the model's own is checked below.
    if (viaChat && issue.path === "images" && issue.message.includes("at most")) continue;
    issues.push({
      path: issue.path.replace(/^images\.(\d+)\.image_url$/, "images.$1"),
      // The schema's words ("String must contain at least 1 character(s)") say less.
      message:
        issue.path === "prompt" && params.prompt === ""
          ? "prompt is empty: describe the image"
          : // Also when `images` was left out (openai-node's `image` given instead).
            issue.path === "images" && inputCount === 0
            ? "images needs at least one input image, e.g. images: [image]"
            : issue.message,
    });
  }
  if (wire.some((issue) => issue.path === "n"))
    issues.push({
      path: "n",
      message: `n must be a whole number from ${nBounds.min} to ${nBounds.max} (images to make), got ${typeof params.n === "number" ? String(params.n) : typeof params.n === "string" ? `the string ${JSON.stringify(params.n)}` : params.n === null ? "null" : typeof params.n}`,
    });
  // The spec lets model default to the gateway's choice: Pictor asks for one, so the options are
  // checked against the model that makes the image.
  const modelIssue = modelIdIssue(params.model);
  if (modelIssue) issues.push(modelIssue);
  // The spec's minimum length lets a prompt of spaces through: no more a description than "".
  if (typeof params.prompt === "string" && params.prompt !== "" && params.prompt.trim() === "")
    issues.push({ path: "prompt", message: "prompt is only whitespace: describe the image" });
  for (const key in params) {
    const value: unknown = params[key as keyof LooseImageParams];
    if (value !== undefined && !paramsOf[operation].has(key))
      issues.push({ path: key, message: unknownParamMessage(key, operation) });
  }
  if (params.seed !== undefined && !Number.isSafeInteger(params.seed)) {
    issues.push({ path: "seed", message: `Expected an integer, received ${String(params.seed)}` });
  }

  const n = params.n ?? 1;
  const warnings: PictorWarning[] = [];
  for (const key of PROMPT_HINTS)
    if (params[key] !== undefined && params[key] !== "auto")
      warnings.push({
        type: "unsent-option",
        message: `${key} is no setting of any model: the gateway at most adds it to the prompt, which the images may not follow`,
      });
  if (!model) {
    warnings.push({
      type: "unknown-model",
      message: `"${params.model}" is not in Pictor's model catalog: its options were sent unchecked and the result may differ (fewer images, ignored options)`,
    });
    if (params.seed !== undefined)
      warnings.push({
        type: "unsent-option",
        message: `seed was not sent: /images/* has none, and Pictor's catalog cannot tell whether "${params.model}" honours one through chat completions (try pictor.chat.completions.create with image_config.seed)`,
      });
    return issues.length > 0
      ? { ok: false, issues: withNumbersSaid(issues, params, operation) }
      : { ok: true, plan: { model, route: "images", batches: [n], warnings } };
  }

  /** The model as messages name it: as the call wrote it, and what "auto" stands for. */
  const named = params.model === "auto" ? `auto (${autoImageModelId})` : params.model;
  if (isDeactivated(model)) {
    warnings.push({
      type: "deactivated-model",
      message: `${named} was deactivated on ${model.deactivated_at ?? "an earlier date"} according to Pictor's catalog; the gateway will likely refuse it: pictor.models.list() lists the current ones`,
    });
  }
  const route = viaChat ? "chat" : "images";
  const options = {
    operation,
    endpoint: route,
    model: named,
    size: params.size,
    aspect_ratio: params.aspect_ratio,
    quality: params.quality,
    n,
    seed: params.seed,
    moderation: params.moderation,
    input_images: inputCount,
  } as const;
  /** Options the model ignores: saying so tells a `null` given for its default to go, too. */
  const ignored = new Set<string>();
  for (const problem of imageOptionProblems(model, options)) {
    if (problem.kind === "exceeds_native_n") continue;
    const issue = toIssue(problem);
    if (problem.kind === "not_honoured") ignored.add(issue.path);
    // The model's own list says more than the spec's enum of every model's values: keep one.
    const general = issues.findIndex((other) => other.path === issue.path && !other.accepted);
    if (general !== -1) issues.splice(general, 1);
    issues.push(issue);
  }
  if (viaChat) {
    for (const field of NOT_IN_IMAGE_CONFIG) {
      if (params[field] !== undefined)
        issues.push({
          path: field,
          message: `cannot go with seed on ${named}: it honours seed only through chat completions, whose image_config has no ${field}; leave one of them out`,
        });
    }
  }
  if (issues.length > 0)
    return { ok: false, issues: withNumbersSaid(issues, params, operation, ignored) };

  const perCall = imagesPerRequest(model, route);
  const batches = split(n, perCall);
  if (viaChat) {
    warnings.push({
      type: "routed-through-chat",
      message: `${named} honours seed only through chat completions' image_config, so this call was sent there`,
    });
  }
  if (batches.length > 1) {
    warnings.push({
      type: "fan-out",
      message: `${named} makes at most ${perCall} image(s) per call: n=${n} was split into ${batches.length} calls`,
    });
  }
  return { ok: true, plan: { model, route, batches, warnings } };
}

/**
 * Options the gateway passes to no provider: it adds them to the prompt as words ("Style:
 * vivid"), `input_fidelity: "low"` not even that. Pictor cannot vouch for them, so it says so.
 */
const PROMPT_HINTS = ["style", "background", "input_fidelity", "output_compression"] as const;

/** Options of `/images/*` that a call routed through chat completions has no place for. */
const NOT_IN_IMAGE_CONFIG = [
  "style",
  "background",
  "input_fidelity",
  "output_format",
  "output_compression",
] as const;

/** The options that are strings, with a value to suggest for a model the catalog does not know. */
const stringOptions = { size: "1024x1024", aspect_ratio: "16:9" } as const;

/** The spec's values of `key` when `operation` takes it as an enum (`style`: vivid, natural). */
function enumValues(key: string, operation: "generate" | "edit"): string[] | undefined {
  const body = operation === "edit" ? vEditImagesBody : vGenerateImagesBody;
  const node = body.t === "o" ? body.p[key] : undefined;
  return node?.t === "e" ? node.v.map(String) : undefined;
}

/**
 * `issues` with a string option given as a number (`size: 1024`, `style: 1`, from untyped code)
 * or as null (openai-node's types take `quality: null` for the default) said to be one: the
 * schema's "received null" or the model's `quality "null"` would read as if a string were wrong.
 * The values suggested are the model's where the catalog lists them, else the spec's enum; an
 * option the model ignores keeps the catalog's word (no value would do).
 */
function withNumbersSaid(
  issues: ValidationIssue[],
  params: LooseImageParams,
  operation: "generate" | "edit",
  ignored: ReadonlySet<string> = new Set(),
): ValidationIssue[] {
  return issues.map((issue) => {
    const { path } = issue;
    if (ignored.has(path)) return issue;
    if (path === "size" || path === "aspect_ratio")
      return notAStringIssue(issue, params[path], stringOptions[path]);
    const values = enumValues(path, operation);
    if (!values) return issue;
    const accepted = issue.accepted ?? values;
    return notAStringIssue(
      issue,
      params[path as keyof LooseImageParams],
      accepted[0] ?? "",
      accepted,
    );
  });
}

/** Chat's `image_config.image_size` is the caller's `size`; name fields as the caller wrote them. */
function toIssue(problem: ImageOptionProblem): ValidationIssue {
  const path = problem.param
    .replace(/^image_config\.image_size$/, "size")
    .replace(/^image_config\.image_quality$/, "quality")
    .replace(/^image_config\./, "")
    .replace(/^messages$/, "images");
  return { path, message: problem.message, accepted: problem.accepted };
}

/** `n` split into calls of at most `perCall` images. */
export function split(n: number, perCall: number): number[] {
  const batches: number[] = [];
  for (let left = n; left > 0; left -= perCall) batches.push(Math.min(left, perCall));
  return batches;
}
