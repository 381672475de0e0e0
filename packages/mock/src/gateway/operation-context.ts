import type { Fault } from "../faults/fault";
import type { ImageUrlResolver } from "../operations/input-images";

/** What every operation handler gets besides its validated body. */
export interface OperationContext {
  request: Request;
  requestId: string;
  /** Unix seconds, for `created`. */
  created: number;
  /** The gateway's clock in milliseconds (model deactivation dates are checked against it). */
  now: number;
  /** A fault that shapes the answer rather than replacing it (content filter, stream faults). */
  fault: Fault | undefined;
  resolveImageUrl: ImageUrlResolver;
  /**
   * The variation index of the first of `count` images painted for `key` (a model and a prompt)
   * without a seed: each such request goes on where the last stopped, so asking again gives new
   * images, as a real model does (a seed keeps its images the same).
   */
  firstVariation(key: string, count: number): number;
}
