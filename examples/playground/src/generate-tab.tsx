import type { ImageResult } from "@pictor/client";
import { useGenerateImage } from "@pictor/react";
import { useId, useRef, useState } from "react";
import {
  defaultModelId,
  expectedDimensions,
  findPlaygroundModel,
  generateModels,
  type ImageSettings,
  normalizeSettings,
  requestOptions,
} from "./model-catalog";
import { ModelSettings } from "./model-settings";
import { RequestStatus } from "./request-status";
import { ResultImages } from "./result-images";

export interface GenerateTabProps {
  onImages: (result: ImageResult, prompt: string) => void;
}

const initialSettings = normalizeSettings(generateModels, {
  modelId: defaultModelId,
  size: "",
  aspectRatio: "",
  quality: "",
  n: 1,
});

/** Prompt, model settings, generate with progress and cancel, and the latest result. */
export function GenerateTab({ onImages }: GenerateTabProps) {
  const id = useId();
  const [prompt, setPrompt] = useState("");
  const [settings, setSettings] = useState<ImageSettings>(initialSettings);
  const [cancelledAfterMs, setCancelledAfterMs] = useState<number>();
  // The prompt as submitted: the box may have changed by the time the images arrive.
  const submitted = useRef("");
  const image = useGenerateImage({ onSuccess: (result) => onImages(result, submitted.current) });
  const pending = image.status === "pending";
  const model = findPlaygroundModel(generateModels, settings.modelId);
  const expected = model ? expectedDimensions(model.entry, settings) : undefined;

  return (
    <form
      className="tab-body"
      onSubmit={(event) => {
        event.preventDefault();
        setCancelledAfterMs(undefined);
        submitted.current = prompt.trim();
        image.generate({ ...requestOptions(settings), prompt: submitted.current });
      }}
    >
      <label htmlFor={`${id}-prompt`}>Prompt</label>
      <textarea
        id={`${id}-prompt`}
        value={prompt}
        rows={3}
        required
        placeholder="A lighthouse at dusk, watercolor"
        onChange={(event) => setPrompt(event.target.value)}
      />
      <ModelSettings
        models={generateModels}
        value={settings}
        onChange={setSettings}
        disabled={pending}
        defaultSizeLabel={
          expected && !settings.size
            ? `Model default (${expected.width} × ${expected.height})`
            : "Model default"
        }
      />
      <div className="row">
        <button type="submit" disabled={pending || prompt.trim() === ""}>
          Generate
        </button>
        <RequestStatus
          request={image}
          verb="Generating"
          cancelledAfterMs={cancelledAfterMs}
          onCancel={setCancelledAfterMs}
        />
      </div>
      {image.status === "success" && (
        <ResultImages label="Latest result" images={image.images} alt={image.params.prompt} />
      )}
    </form>
  );
}
