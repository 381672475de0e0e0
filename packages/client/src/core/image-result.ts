import type { GeneratedImage } from "./generated-image";

/** The kinds of `PictorWarning`. */
export type PictorWarningType =
  | "unsent-option"
  | "ignored-option"
  | "unverified-input"
  | "unknown-model"
  | "deactivated-model"
  | "routed-through-chat"
  | "fan-out"
  | "estimated-cost"
  | "incomplete-usage"
  | "partial-result";

/** Something Pictor could not vouch for, or changed, on the way to the result. */
export interface PictorWarning {
  /** `unknown-model`: options were not checked against the catalog; `deactivated-model`: the catalog says the gateway retired it; `routed-through-chat`: an option needed chat completions; `fan-out`: `n` was split over several calls; `estimated-cost`: the gateway sent no cost; `incomplete-usage`: some calls of a fan-out came without usage, which counts the others; `partial-result`: some calls failed; `unverified-input`: an https input could not be checked from here (sent as is); `unsent-option`: an option had no way to the model (a seed to an unknown model; `style`, `background`, `input_fidelity`, `output_compression`, which the gateway at most adds to the prompt); `ignored-option`: the result shows an option was not honoured (an output format, or more images than `n`, the extra ones paid for and left out). */
  type: PictorWarningType;
  /** What happened, in a sentence for a log or a UI. */
  message: string;
}

/** What a request cost, in US dollars, and whether the gateway said so or Pictor estimated it from the catalog. */
export interface ImageCost {
  /** The cost in US dollars, summed over every gateway call of the request. */
  usd: number;
  /** `gateway`: every call's cost came from the gateway; `estimate`: some were priced from the catalog. */
  source: "gateway" | "estimate";
}

/** Token counts summed over every gateway call of a request. */
export interface ImageUsageTotals {
  /** Prompt (and input image) tokens. */
  input_tokens: number;
  /** Tokens of what the model made. */
  output_tokens: number;
  /** `input_tokens + output_tokens`. */
  total_tokens: number;
  /** Image tokens among `output_tokens`. */
  output_image_tokens: number;
}

/** The outcome of `images.generate` / `images.edit`: exactly `n` images and what they cost. */
export interface ImageResult {
  /** Exactly `n` images, in order (fewer only with `partialResults: "return"`, with a warning). */
  images: GeneratedImage[];
  /** Tokens over all calls; undefined when the gateway reported none. */
  usage: ImageUsageTotals | undefined;
  /** Cost over all calls; undefined for an unknown model the gateway did not price. */
  cost: ImageCost | undefined;
  /** The first of `requestIds` (quote it to support); null when none was paid for. */
  requestId: string | null;
  /**
   * The `x-request-id` of every call that was paid for, the calls `cost` counts: each that made
   * images, in their order, then each filtered call the gateway billed (its error in `errors`
   * has it too). A call that failed otherwise has its id on its error only.
   */
  requestIds: (string | null)[];
  /** The model as requested. */
  model: string;
  /** Unix seconds of the first response. */
  created: number;
  /** What Pictor could not vouch for or changed on the way (see `PictorWarning`); empty when nothing. */
  warnings: PictorWarning[];
  /**
   * The error of each call that failed, in the order they failed, when `partialResults: "return"`
   * returned the rest: an `IncompleteMessageError` among them holds the links of images that were
   * paid for but could not be downloaded. Empty when no call failed.
   */
  errors: readonly unknown[];
}
