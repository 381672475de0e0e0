import { gatewayQuality } from "@pictor/contract";
import { RequestValidationError, type ValidationIssue } from "../core/errors";
import { type ImageInput, inputsTooLarge, normalizeImageInput } from "../core/image-input";
import type { PictorWarning } from "../core/image-result";
import type { RequestOptions } from "../core/request-options";
import type { ApiClient } from "./api-client";
import { checkImageUrl } from "./check-image-url";

/*
 * What only `images.edit` needs, loaded on its first call (ADR 0010): an app that only
 * generates images never downloads the input decoders and the URL checks.
 */

/**
 * The edit's input images as the gateway takes them (data URLs, or https URLs as given), and
 * every input that is no image or too large, each named by its path (`images.1`). Rejects with
 * `APIUserAbortError` once `signal` aborts.
 */
export async function normalizeEditInputs(
  inputs: readonly ImageInput[],
  signal: AbortSignal | undefined,
): Promise<{ urls: string[]; issues: ValidationIssue[] }> {
  const issues: ValidationIssue[] = [];
  const urls: string[] = [];
  for (const [index, input] of inputs.entries()) {
    const normalized = await normalizeImageInput(input, `images.${index}`, signal);
    if (normalized.ok) urls.push(normalized.url);
    else issues.push(normalized.issue);
  }
  const tooLarge = inputsTooLarge(urls, "images");
  if (tooLarge) issues.push(tooLarge);
  return { urls, issues };
}

/**
 * The edit's parameters with generate's quality names, which its types take for a model known
 * only at run time, as the gateway reads them on generations ("standard" is "medium", "hd" is
 * "high"): `/images/edits` has no such values and would refuse them. The caller's object is
 * left as it was.
 */
export function withEditQuality<P extends { quality?: string | undefined }>(params: P): P {
  // Anything but a string (untyped code) is left for the checks to name.
  const quality = typeof params.quality === "string" ? gatewayQuality(params.quality) : undefined;
  return quality === undefined || quality === params.quality ? params : { ...params, quality };
}

/**
 * Asks every https input of an edit (`urls` as normalized) for its first bytes, in parallel: a
 * certainly broken one stops the call; one that could not be verified is sent, and returned as
 * a warning. At most 20 (the most any model takes, refused before this): no pool is needed. The
 * call's `signal` stops the checks, and none waits longer than its `timeout`.
 */
export async function checkInputImageURLs(
  client: ApiClient,
  urls: readonly string[],
  options: RequestOptions | undefined,
): Promise<PictorWarning[]> {
  const fetch = client.resolveFetch(options);
  const timeoutMs = options?.timeout ?? client.timeout;
  const checks = await Promise.all(
    urls.map((url, index) =>
      url.startsWith("https://")
        ? checkImageUrl(url, `images.${index}`, fetch, options?.signal, timeoutMs)
        : undefined,
    ),
  );
  const issues = checks.flatMap((check) => (check?.issue ? [check.issue] : []));
  if (issues.length > 0) throw new RequestValidationError(issues);
  return checks.flatMap((check) =>
    check?.unverified ? [{ type: "unverified-input" as const, message: check.unverified }] : [],
  );
}
