import { findImageModelRules, imagesEndpointModelId, nearestImageModelId } from "@pictor/contract";
import type { NotFoundError } from "../core/errors";

/**
 * The gateway's 404 `error`, its message ending with a "did you mean" when it is for a `model`
 * the catalog does not know but nearly matches (a typo): the gateway's own message names no
 * model to use instead. Status, code and request id stay as the gateway sent them.
 */
export function withModelIdHint(error: NotFoundError, model: unknown): NotFoundError {
  if (typeof model !== "string" || findImageModelRules(imagesEndpointModelId(model))) return error;
  const meant = nearestImageModelId(model);
  if (meant) error.message += ` Did you mean '${meant}'?`;
  return error;
}
