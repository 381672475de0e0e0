import { findImageModelRules, imagesEndpointModelId, nearestImageModelId } from "@pictor/contract";
import type { NotFoundError } from "../core/errors";

/**
 * The gateway's 404 `error`, its message with a "did you mean" when it is for a `model` the
 * catalog does not know but nearly matches (a typo): the gateway's own message names no model
 * to use instead. Status, code and request id stay as the gateway sent them.
 */
export function withModelIdHint(error: NotFoundError, model: unknown): NotFoundError {
  if (typeof model !== "string" || findImageModelRules(imagesEndpointModelId(model))) return error;
  // Only a 404 that speaks of a model: a page from something that is no gateway (a wrong
  // baseURL) or a route the gateway lacks says nothing of the id, and a model newer than the
  // catalog (gpt-image-3) would be "corrected" to an old one.
  if (!/model/i.test(error.message)) return error;
  const meant = nearestImageModelId(model);
  // Before the "(request id …)" that ends an APIError's message, where every other hint goes.
  if (meant)
    error.message = error.message.replace(/(?= \(request id )|$/, ` Did you mean '${meant}'?`);
  return error;
}
