import type { ImageCost, ImageResult } from "@pictor/client";
import type { SavedImage } from "./save-images";
import { withoutKeys } from "./without-keys";

/** A run that made fewer images than asked: how many were asked for and how many calls failed. */
export interface Shortfall {
  /** The `n` asked for. */
  requested: number;
  /** How many of the calls `n` was split into failed. */
  failedCalls: number;
  /** How many images were made but could not be saved (a full disk). */
  unsaved?: number;
  /** A Ctrl-C cut the run short: `failedCalls` are the calls it cancelled. */
  interrupted?: boolean;
}

/**
 * The human summary printed after a run, listing the files saved. A run short of images says
 * so in its first line (no "✔"): its failure is printed after the summary, which a "✔ 1 image"
 * above it contradicted.
 */
export function formatSummary(
  result: ImageResult,
  saved: readonly SavedImage[],
  seconds: number,
  shortfall?: Shortfall,
): string {
  const took = `from ${result.model} in ${seconds.toFixed(1)} s`;
  const lines = [
    shortfall
      ? `✘ only ${saved.length} of ${shortfall.requested} images ${took} (${shortfallReason(shortfall)})`
      : `✔ ${saved.length} image${saved.length === 1 ? "" : "s"} ${took}`,
  ];
  for (const file of saved) {
    lines.push(
      `  ${file.path}  ${file.width}×${file.height} ${file.mediaType.replace("image/", "").toUpperCase()} ${formatBytes(file.bytes)}`,
    );
  }
  lines.push(`  cost ${formatCost(result.cost)} · request id ${result.requestId ?? "none"}`);
  for (const warning of result.warnings) lines.push(`  note: ${warning.message}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The line printed after the failure of a run that was paid for but made no image to save (a
 * provider's image that could not be downloaded): there is no summary, but there is a cost.
 */
export function formatUnsavedCost(result: ImageResult): string {
  return `  No image was saved, but the call was paid for: cost ${formatCost(result.cost)} · request id ${result.requestId ?? "none"}\n`;
}

/**
 * The line printed after a content filter's refusal the gateway billed (a provider may charge
 * the prompt of a request it then refused to draw): no image, but a cost. The request id is in
 * the refusal's message already.
 */
export function formatFilteredCost(cost: ImageCost): string {
  return `  No image was made, but the request was billed: cost ${formatCost(cost)}\n`;
}

/**
 * The one JSON object `--json` prints. `requested` and `failedCalls` let a script tell a run
 * short of images (exit code 1) from a whole one without reading stderr, and `interrupted` one
 * a Ctrl-C cut short (exit code 130, its cancelled calls counted in `failedCalls`).
 */
export function jsonSummary(
  result: ImageResult,
  saved: readonly SavedImage[],
  requested: number,
  failedCalls: number,
  interrupted: boolean,
): string {
  return `${JSON.stringify({
    model: result.model,
    requested,
    failedCalls,
    interrupted,
    files: saved,
    cost: result.cost ?? null,
    usage: result.usage ?? null,
    requestId: result.requestId,
    requestIds: result.requestIds,
    warnings: result.warnings,
  })}\n`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A cost in dollars to four decimals, or to eight under $0.0001 (a filtered prompt's few tokens),
 * which four would print as "$0", and where it comes from.
 */
function formatCost(cost: ImageCost | undefined): string {
  if (!cost) return "unknown";
  const digits = cost.usd > 0 && cost.usd < 0.0001 ? 8 : 4;
  const usd = cost.usd.toFixed(digits).replace(/0+$/, "").replace(/\.$/, "");
  return `$${usd} (${cost.source === "gateway" ? "from the gateway" : "estimated from the catalog"})`;
}

/**
 * Why a run came short: an interrupt, its failed calls, images that could not be saved, or none
 * of these and the gateway made fewer images.
 */
function shortfallReason({ failedCalls, unsaved = 0, interrupted }: Shortfall): string {
  const calls = `${failedCalls} call${failedCalls === 1 ? "" : "s"}`;
  const reasons = [
    ...(interrupted ? [`interrupted: ${calls} cancelled`] : []),
    ...(failedCalls > 0 && !interrupted ? [`${calls} failed`] : []),
    ...(unsaved > 0 ? [`${unsaved} could not be saved`] : []),
  ];
  return reasons.length > 0 ? reasons.join(", ") : "the gateway made fewer than asked";
}

/** What `--json` says of a run that failed with no summary to print, as stderr says it in words. */
export interface JsonErrorFields {
  /** The error's class (`AuthenticationError`, `RequestValidationError`, …) or `UsageError`. */
  type: string;
  /** The message printed on stderr, without its `pictor: ` prefix. */
  message: string;
  /** The gateway's HTTP status, for an API error. */
  status?: number | null;
  /**
   * The gateway's error code (`invalid_api_key`, `billing_error`, `rate_limit_exceeded`, …), when
   * it sent one. A spend-cap 429 has the rate limit's code: `retryable` tells them apart.
   */
  code?: string | null;
  /** The `x-request-id` of the failed call, for the gateway's support; null when it sent none. */
  requestId?: string | null;
  /**
   * For an API error, whether another attempt may succeed by the client's own retry rule (a
   * throttle's 429, a 503: true; a spend-cap 429, a 400: false); null for any other error.
   */
  retryable?: boolean | null;
  /** What the failed run was billed, for a content filter's refusal the gateway charged; as in the summary. */
  cost?: ImageCost | null;
}

/**
 * The one JSON object `--json` prints for a run that failed without a summary (a usage error, an
 * API error, a cancel): `{"error":{type,message,status,code,requestId,retryable,cost}}`, absent fields as
 * null as in the summary. The keys the run was given are replaced in every field.
 */
export function jsonError(fields: JsonErrorFields, keys: readonly (string | undefined)[]): string {
  const clean = (text: string | null | undefined) =>
    text === null || text === undefined ? null : withoutKeys(text, keys);
  return `${JSON.stringify({
    error: {
      type: clean(fields.type),
      message: clean(fields.message),
      status: fields.status ?? null,
      code: clean(fields.code),
      requestId: clean(fields.requestId),
      retryable: fields.retryable ?? null,
      cost: fields.cost ?? null,
    },
  })}\n`;
}
