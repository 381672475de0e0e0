import {
  type ImageGenerationRequest,
  type ImagesResponse,
  outputDimensions,
} from "@pictor/contract";
import { checkModelOptions, resolveModel } from "../gateway/model-checks";
import type { CheckContext, CheckedRequest } from "../gateway/operation-context";
import { textModelRefusal } from "../gateway/text-models";
import { encodeBase64 } from "../image";
import { imageUsage } from "./image-usage";
import { json } from "./json-response";
import { renderImages, requestUsage } from "./render-images";

/** `POST /v1/images/generations`: real PNGs of the requested size, `n` as the model makes them. */
export function generateImages(body: ImageGenerationRequest, check: CheckContext): CheckedRequest {
  // The images handler refuses a text model itself; the key is met by its internal chat call.
  const textModel = textModelRefusal(body.model, "/v1/images/generations");
  if (textModel) return { ok: false, response: textModel };
  if (check.keyRefusal) return { ok: false, response: check.keyRefusal };
  const resolved = resolveModel(body.model, check.now);
  if (!resolved.ok) return resolved;
  const { model } = resolved;
  const checked = checkModelOptions(model, {
    endpoint: "images",
    operation: "generate",
    model: body.model,
    size: body.size,
    aspect_ratio: body.aspect_ratio,
    quality: body.quality,
    n: body.n,
    moderation: body.moderation,
  });
  if (!checked.ok) return checked;

  const { width, height } = outputDimensions(model, {
    size: checked.size,
    aspect_ratio: checked.aspect_ratio,
  });
  return {
    ok: true,
    async answer(context) {
      const count = context.fault?.type === "content_filter" ? 0 : checked.count;
      const images = await renderImages(
        { prompt: body.prompt, model, count, width, height },
        context,
      );
      const usage = requestUsage(model, {
        prompt: body.prompt,
        images: count,
        width,
        height,
        size: body.size,
        quality: body.quality,
        inputImages: 0,
      });
      const response: ImagesResponse = {
        created: context.created,
        data: images.map((png) => ({ b64_json: encodeBase64(png), revised_prompt: body.prompt })),
        usage: imageUsage(usage),
      };
      return json(response);
    },
  };
}
