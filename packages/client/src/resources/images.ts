import type { SuggestedEditModelId, SuggestedGenerateModelId } from "@pictor/contract";
import {
  APIUserAbortError,
  ContentFilterError,
  failedCalls,
  IncompleteResultError,
  RequestValidationError,
  type ValidationIssue,
} from "../core/errors";
import type { GeneratedImage } from "../core/generated-image";
import type { ImageInput } from "../core/image-input";
import type { ImageEditParams, ImageGenerateParams } from "../core/image-params";
import type { ImageRequestOptions } from "../core/image-request-options";
import type { ImageResult, ImageUsageTotals, PictorWarning } from "../core/image-result";
import type { ApiClient } from "../internal/api-client";
import type { checkInputImageURLs } from "../internal/edit-inputs";
import {
  callOnce,
  estimatedCost,
  type ImageCall,
  type ImageCallResult,
} from "../internal/image-call";
import {
  checkCallOptions,
  imageRequestOptionKeys,
  positiveInteger,
} from "../internal/option-checks";
import { PaidCallFailure } from "../internal/paid-call-failure";
import { checkParamsObject } from "../internal/params-shape";
import { type LooseImageParams, planImageRequest, split } from "../internal/plan-image-request";
import { runBounded } from "../internal/run-bounded";
import { stoppingRetries } from "../internal/transport";

/** `pictor.images`: generate and edit images with any model of the gateway. */
export class Images {
  readonly #client: ApiClient;

  /** @internal */
  constructor(client: ApiClient) {
    this.#client = client;
  }

  /**
   * Generates exactly `n` images. Options are typed per model from the catalog; what the model
   * cannot do is a compile error and a `RequestValidationError` before anything is sent.
   * @example
   * const { images, cost } = await pictor.images.generate({ model: "bytedance/seedream-4-5", prompt: "A cozy cabin", n: 2, size: "2048x2048" });
   */
  // The constraints only trim autocomplete (edit-only ids in generate, ids that cannot edit in
  // edit, retiring ids in both): any string still fits `string & {}`, and the params' checks
  // name a known misfit.
  generate<M extends SuggestedGenerateModelId | (string & {}), N extends number = number>(
    params: ImageGenerateParams<M, N>,
    options?: ImageRequestOptions,
  ): Promise<ImageResult> {
    return this.#run(params, "generate", NO_INPUTS, options);
  }

  /**
   * Edits or combines images. Inputs may be URLs, data URLs, blob: URLs, base64, bytes, Blobs or earlier results.
   * @example
   * const { images } = await pictor.images.edit({ model: "gemini-3-pro-image-preview", prompt: "watercolor", images: [photo] });
   */
  async edit<M extends SuggestedEditModelId | (string & {}), N extends number = number>(
    params: ImageEditParams<M, N>,
    options?: ImageRequestOptions,
  ): Promise<ImageResult> {
    checkParamsObject(params);
    const inputs: readonly ImageInput[] = Array.isArray(params.images) ? params.images : [];
    // Not a list at all (untyped code, one image given alone): that alone is the problem to report.
    const images: unknown = params.images;
    if (images !== undefined && !Array.isArray(images))
      throw new RequestValidationError([
        {
          path: "images",
          // The class, not `typeof`: "object" says nothing of a Buffer, a Blob or a FileList.
          message: `images must be a list, even of one image: images: [image]; got ${
            typeof images === "object" && images !== null
              ? Object.prototype.toString.call(images).slice(8, -1)
              : typeof images
          }`,
        },
      ]);
    // Checked before the inputs are read with its signal (checked again, with the rest, below).
    checkCallOptions("images.edit", options, imageRequestOptionKeys);
    // Loaded on the first edit: an app that only generates images does not download it.
    const edits = await import("../internal/edit-inputs");
    const { urls, issues } = await edits.normalizeEditInputs(inputs, options?.signal);
    // Bad inputs are reported with every other problem of the request, in one error.
    return this.#run(
      edits.withEditQuality(params),
      "edit",
      urls,
      options,
      issues,
      inputs.length,
      edits.checkInputImageURLs,
    );
  }

  async #run(
    params: LooseImageParams,
    operation: "generate" | "edit",
    inputImages: readonly string[],
    options: ImageRequestOptions | undefined,
    inputIssues: readonly ValidationIssue[] = [],
    inputCount = inputImages.length,
    /** The https inputs' check, loaded with the rest of the edit inputs' code (only edits have inputs). */
    checkURLs?: typeof checkInputImageURLs,
  ): Promise<ImageResult> {
    checkCallOptions(`images.${operation}`, options, imageRequestOptionKeys);
    checkParamsObject(params);
    const planned = planImageRequest(params, operation, inputImages, inputCount);
    if (!planned.ok || inputIssues.length > 0)
      throw new RequestValidationError([...inputIssues, ...(planned.ok ? [] : planned.issues)]);
    const { plan } = planned;
    // Only once everything else is valid: the check costs a round trip per URL. Without inputs
    // (every generate) nothing is awaited: an await costs even when there is nothing to check.
    const inputWarnings =
      !checkURLs || options?.checkImageURLs === false
        ? []
        : await checkURLs(this.#client, inputImages, options);
    const n = params.n ?? 1;
    const concurrency = positiveInteger(
      "maxConcurrency",
      options?.maxConcurrency ?? this.#client.maxConcurrency,
    );
    const returnPartial = options?.partialResults === "return";
    // The plan's array is this call's own: appended to, not copied.
    const warnings: PictorWarning[] = plan.warnings;
    if (inputWarnings.length > 0) warnings.push(...inputWarnings);
    const outcomes: { call: ImageCall; result: ImageCallResult }[] = [];
    const errors: unknown[] = [];
    // The order calls failed in: the first failure comes first in `errors` (made on the first).
    let failedAt: Map<unknown, number> | undefined;

    const callOf = (count: number, seedOffset: number, callOptions = options): ImageCall => ({
      client: this.#client,
      params,
      operation,
      route: plan.route,
      inputImages,
      count,
      seedOffset,
      options: callOptions,
    });
    /** A failed call's error; a call that was paid for before it failed keeps what it made. */
    const settleFailure = (call: ImageCall, error: unknown) => {
      if (error instanceof PaidCallFailure) {
        outcomes.push({ call, result: error.result });
        errors.push(error.error);
      } else errors.push(error);
    };
    const runBatches = async (batches: number[]) => {
      const made = countImages(outcomes);
      // One call (the common case) needs no pool, no stop signal and no failure order: awaited
      // directly, it skips four layers of async wrappers.
      if (batches.length === 1 && batches[0] !== undefined) {
        const call = callOf(batches[0], made);
        try {
          outcomes.push({ call, result: await callOnce(call) });
        } catch (error) {
          settleFailure(call, error);
        }
        return;
      }
      // Under "throw", the first failure decides the outcome: siblings backing off to retry
      // stop (what is in flight finishes).
      const stop = !returnPartial ? new AbortController() : undefined;
      const callOptions = stop ? stoppingRetries(options ?? {}, stop.signal) : options;
      const callAndNote = async (call: ImageCall) => {
        try {
          return await callOnce(call);
        } catch (error) {
          failedAt ??= new Map();
          failedAt.set(error instanceof PaidCallFailure ? error.error : error, failedAt.size);
          stop?.abort();
          throw error;
        }
      };
      const batchCalls = batches.map((count, index) =>
        callOf(
          count,
          made + batches.slice(0, index).reduce((sum, size) => sum + size, 0),
          callOptions,
        ),
      );
      const settled = await runBounded(
        batchCalls.map((call) => () => callAndNote(call)),
        concurrency,
        !returnPartial,
      );
      for (const [index, outcome] of settled.entries()) {
        const call = batchCalls[index];
        if (!outcome || !call) continue;
        if (outcome.ok) outcomes.push({ call, result: outcome.value });
        else settleFailure(call, outcome.error);
      }
      const order = failedAt;
      if (order) errors.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    };

    await runBatches(plan.batches);
    // A provider may silently return fewer images than asked (e.g. an unknown model ignoring n):
    // ask once more for the missing ones, so the caller gets exactly n.
    const missing = n - countImages(outcomes);
    if (missing > 0 && errors.length === 0) {
      const perCall = Math.max(1, Math.min(...outcomes.map(({ result }) => result.images.length)));
      await runBatches(split(missing, perCall));
      warnings.push({
        type: "fan-out",
        message: `the gateway returned fewer images than asked; ${missing} more were requested in follow-up calls`,
      });
    }

    // Something was paid for: an answer, or a filtered call the gateway billed (its prompt).
    const paid = outcomes.length > 0 || errors.some(isBilledFilter);
    // The caller's abort is the answer, whatever else finished: it asked for nothing more. What
    // calls answered before it made is paid for, and goes with the error rather than being lost.
    if (errors.length > 0 && options?.signal?.aborted) {
      const abort = errors.find(APIUserAbortError.isInstance) ?? new APIUserAbortError();
      throw !paid
        ? abort
        : new APIUserAbortError({
            cause: abort.cause,
            partialResult: this.#result(
              params.model,
              plan.model,
              firstImages(outcomes, n),
              outcomes,
              warnings,
              errors,
            ),
          });
    }
    const images = firstImages(outcomes, n);
    const extra = countImages(outcomes) - n;
    if (extra > 0)
      warnings.push({
        type: "ignored-option",
        message: `the gateway returned ${n + extra} images for n: ${n}; the first ${n} are kept (all were paid for)`,
      });
    if (errors.length > 0) {
      // Nothing answered: the failure itself; every call filtered, one filter error with what
      // they cost together. A call paid for whose images could not be downloaded, or a billed
      // filtered call beside another failure, has a cost to report: IncompleteResultError has it.
      if (images.length === 0 && outcomes.length === 0) {
        if (errors.every(ContentFilterError.isInstance))
          throw errors.length > 1 ? allFiltered(errors) : errors[0];
        if (!paid) throw errors[0];
      }
      warnings.push({
        type: "partial-result",
        message: `${failedCalls(errors)}; ${images.length} of ${n} images were made`,
      });
    } else if (images.length < n) {
      warnings.push({
        type: "partial-result",
        message: `the gateway made ${images.length} of ${n} images even after follow-up calls`,
      });
    }
    if (params.output_format !== undefined)
      warnings.push(...formatNotHonoured(params.output_format, images, params.model));
    const result = this.#result(params.model, plan.model, images, outcomes, warnings, errors);
    // What was made is paid for: the error carries it whole (images, cost, request ids). With
    // no image at all there is no result to return, whatever `partialResults` says. Short of n
    // with no call failing (the gateway made fewer even when asked again) is as incomplete.
    if (errors.length > 0 && (!returnPartial || images.length === 0))
      throw new IncompleteResultError(n, result, errors);
    if (images.length < n && !returnPartial) throw new IncompleteResultError(n, result, errors);
    return result;
  }

  #result(
    requested: string,
    model: Parameters<typeof estimatedCost>[0] | undefined,
    images: GeneratedImage[],
    outcomes: { call: ImageCall; result: ImageCallResult }[],
    warnings: PictorWarning[],
    errors: readonly unknown[],
  ): ImageResult {
    let usd = 0;
    let estimated = false;
    let priced = true;
    for (const { call, result } of outcomes) {
      if (result.gatewayCost !== undefined) usd += result.gatewayCost;
      else if (model) {
        usd += estimatedCost(model, result, call);
        estimated = true;
      } else priced = false;
    }
    const requestIds = outcomes.map(({ result }) => result.requestId);
    // A filtered call made no image but may still be billed (the prompt's tokens): counted too,
    // and its id is among the paid calls' (what support reconciles the cost with).
    for (const error of errors)
      if (ContentFilterError.isInstance(error) && error.cost) {
        usd += error.cost.usd;
        if (isBilledFilter(error)) requestIds.push(error.requestId);
      }
    if (estimated)
      warnings.push({
        type: "estimated-cost",
        message:
          "the gateway sent no cost for some calls; Pictor estimated it from the catalog's prices",
      });
    let usage: ImageUsageTotals | undefined;
    let unreported = 0;
    for (const { result } of outcomes) {
      if (!result.usage) {
        unreported += 1;
        continue;
      }
      usage = {
        input_tokens: (usage?.input_tokens ?? 0) + result.usage.input_tokens,
        output_tokens: (usage?.output_tokens ?? 0) + result.usage.output_tokens,
        total_tokens: (usage?.total_tokens ?? 0) + result.usage.total_tokens,
        output_image_tokens: (usage?.output_image_tokens ?? 0) + result.usage.output_image_tokens,
      };
    }
    if (usage && unreported > 0)
      warnings.push({
        type: "incomplete-usage",
        message: `the gateway sent no usage for ${unreported} of ${outcomes.length} calls; usage counts the others`,
      });
    return {
      images,
      usage,
      cost:
        priced && requestIds.length > 0
          ? { usd: Math.round(usd * 1e8) / 1e8, source: estimated ? "estimate" : "gateway" }
          : undefined,
      requestId: requestIds[0] ?? null,
      requestIds,
      model: requested,
      created: outcomes[0]?.result.created ?? Math.floor(Date.now() / 1000),
      warnings,
      errors,
    };
  }
}

/**
 * Every call of a fan-out filtered: the error of the request as a whole, with what the calls
 * cost together (each may have billed its prompt) and each call's request id, not the first
 * call's alone.
 */
function allFiltered(errors: readonly ContentFilterError[]): ContentFilterError {
  let usd: number | undefined;
  for (const { cost } of errors) if (cost) usd = (usd ?? 0) + cost.usd;
  return new ContentFilterError(
    errors[0]?.requestId ?? null,
    undefined,
    usd && Math.round(usd * 1e8) / 1e8,
    errors.map((error) => error.requestId),
  );
}

/** Whether `error` is a filtered call the gateway billed (for the prompt's tokens). */
function isBilledFilter(error: unknown): boolean {
  return ContentFilterError.isInstance(error) && (error.cost?.usd ?? 0) > 0;
}

/** A generate call's input images: none, shared (nothing writes to it). */
const NO_INPUTS: readonly string[] = Object.freeze([]);

/** The first `n` images of `outcomes`, in order. A loop: `flatMap` is slow on V8. */
function firstImages(
  outcomes: readonly { result: ImageCallResult }[],
  n: number,
): GeneratedImage[] {
  const images: GeneratedImage[] = [];
  for (const { result } of outcomes)
    for (const image of result.images) if (images.length < n) images.push(image);
  return images;
}

function countImages(outcomes: readonly { result: ImageCallResult }[]): number {
  return outcomes.reduce((sum, { result }) => sum + result.images.length, 0);
}

/** A warning when the images did not come back in the asked `output_format`: the model ignored it. */
function formatNotHonoured(
  format: string,
  images: readonly GeneratedImage[],
  model: string,
): PictorWarning[] {
  const wanted = `image/${format}`;
  const returned = new Set<string>(images.map((image) => image.mediaType));
  returned.delete(wanted);
  if (returned.size === 0) return [];
  return [
    {
      type: "ignored-option",
      message: `output_format "${format}" was asked for, but ${model} returned ${[...returned].join(", ")}: it does not honour output_format`,
    },
  ];
}
