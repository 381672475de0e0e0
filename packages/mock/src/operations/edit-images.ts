import { type ImageEditRequest, type ImageEditResponse, outputDimensions } from "@pictor/contract";
import { gatewayError } from "../gateway/gateway-error";
import { imageUrlFormRefusal, isGatewayImageUrl } from "../gateway/input-image-url";
import { checkModelOptions, resolveModel } from "../gateway/model-checks";
import type { CheckContext, CheckedRequest } from "../gateway/operation-context";
import { textModelRefusal } from "../gateway/text-models";
import { encodeBase64 } from "../image";
import { imageUsage } from "./image-usage";
import { type InputImage, readInputImage } from "./input-images";
import { json } from "./json-response";
import { renderImages, requestUsage } from "./render-images";

/** `POST /v1/images/edits`: reads each input image's header and returns images derived from the first. */
export async function editImages(
  body: ImageEditRequest,
  check: CheckContext,
): Promise<CheckedRequest> {
  // As the gateway's images handler: every input's form, then each one's bytes, then the
  // model's output; only then its internal chat call meets the key, the model and its options.
  const badForm = body.images.findIndex((image) => !isGatewayImageUrl(image.image_url));
  if (badForm !== -1) return { ok: false, response: imageUrlFormRefusal(badForm) };
  const inputs: InputImage[] = [];
  for (const [index, image] of body.images.entries()) {
    const read = await readInputImage(image.image_url, check.resolveImageUrl);
    if (!read.ok) {
      return {
        ok: false,
        response: gatewayError(400, `images[${index}].image_url is invalid: ${read.reason}`),
      };
    }
    inputs.push(read.image);
  }
  const textModel = textModelRefusal(body.model, "/v1/images/edits");
  if (textModel) return { ok: false, response: textModel };
  if (check.keyRefusal) return { ok: false, response: check.keyRefusal };
  const resolved = resolveModel(body.model, check.now);
  if (!resolved.ok) return resolved;
  const { model } = resolved;
  const size = body.size === "auto" ? undefined : body.size;
  const checked = checkModelOptions(model, {
    endpoint: "images",
    operation: "edit",
    model: body.model,
    size,
    aspect_ratio: body.aspect_ratio,
    quality: body.quality,
    n: body.n,
    moderation: body.moderation,
    input_images: body.images.length,
  });
  if (!checked.ok) return checked;
  const source = inputs[0];
  const { width, height } = outputDimensions(model, {
    size: checked.size,
    aspect_ratio: checked.aspect_ratio,
    source,
  });
  return {
    ok: true,
    async answer(context) {
      const count = context.fault?.type === "content_filter" ? 0 : checked.count;
      const images = await renderImages(
        { prompt: body.prompt, model, count, width, height, source },
        context,
      );
      const usage = requestUsage(model, {
        prompt: body.prompt,
        images: count,
        width,
        height,
        size: body.size,
        quality: body.quality,
        inputImages: inputs.length,
      });
      const response: ImageEditResponse = {
        created: context.created,
        data: images.map((png) => ({ b64_json: encodeBase64(png), revised_prompt: body.prompt })),
        usage: imageUsage(usage),
        // The gateway echoes these request fields (not measured from the output).
        ...(body.background && body.background !== "auto" ? { background: body.background } : {}),
        ...(body.output_format ? { output_format: body.output_format } : {}),
        ...(body.quality && body.quality !== "auto" ? { quality: body.quality } : {}),
        ...(size ? { size } : {}),
      };
      return json(response);
    },
  };
}
