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
}
