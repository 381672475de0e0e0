import { gatewayError } from "./gateway-error";

/** A base64 data URL of an image, whole, as the gateway's edits check it. */
const base64ImageDataUrl = /^data:image\/[a-zA-Z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+$/;

/**
 * Whether an edit's input image is in a form the gateway takes: an https URL that parses, or a
 * base64 data URL of an image. It checks this after its schema (which takes any string).
 */
export function isGatewayImageUrl(url: string): boolean {
  if (base64ImageDataUrl.test(url)) return true;
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}

/** The gateway's 400 for an edit input image in a form it does not take. */
export function imageUrlFormRefusal(index: number): Response {
  return gatewayError(400, `images[${index}].image_url must be an https URL or a base64 data URL`);
}
