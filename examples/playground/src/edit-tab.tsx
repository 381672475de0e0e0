import type { ImageInput, ImageResult } from "@pictor/client";
import { useEditImage } from "@pictor/react";
import { useEffect, useId, useRef, useState } from "react";
import {
  defaultModelId,
  editModels,
  type ImageSettings,
  normalizeSettings,
  requestOptions,
} from "./model-catalog";
import { ModelSettings } from "./model-settings";
import { RequestStatus } from "./request-status";
import { ResultImages } from "./result-images";
import type { GalleryItem } from "./use-gallery";

/** The image to edit: one from the gallery, or a file from the disk. */
export type EditSource = { kind: "gallery"; item: GalleryItem } | { kind: "file"; file: File };

export interface EditTabProps {
  source: EditSource | undefined;
  onSourceChange: (source: EditSource | undefined) => void;
  onImages: (result: ImageResult, prompt: string) => void;
}

const initialSettings = normalizeSettings(editModels, {
  modelId: defaultModelId,
  size: "",
  aspectRatio: "",
  quality: "",
  n: 1,
});

/** Upload an image or pick one from the gallery, describe the change, and see the edit. */
export function EditTab({ source, onSourceChange, onImages }: EditTabProps) {
  const id = useId();
  const [prompt, setPrompt] = useState("");
  const [settings, setSettings] = useState<ImageSettings>(initialSettings);
  const [cancelledAfterMs, setCancelledAfterMs] = useState<number>();
  const submitted = useRef("");
  const edit = useEditImage({ onSuccess: (result) => onImages(result, submitted.current) });
  const pending = edit.status === "pending";
  const preview = usePreviewUrl(source);

  return (
    <form
      className="tab-body"
      onSubmit={(event) => {
        event.preventDefault();
        if (!source) return;
        setCancelledAfterMs(undefined);
        submitted.current = prompt.trim();
        // A gallery image goes back as the client's GeneratedImage, an upload as the File itself.
        const input: ImageInput = source.kind === "gallery" ? source.item.image : source.file;
        edit.edit({ ...requestOptions(settings), prompt: submitted.current, images: [input] });
      }}
    >
      <div className="source">
        <div>
          <label htmlFor={`${id}-file`}>Image to edit</label>
          <input
            id={`${id}-file`}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            disabled={pending}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) onSourceChange({ kind: "file", file });
            }}
          />
          <p className="muted">…or press “Edit” on an image of the gallery.</p>
        </div>
        {source && preview && (
          <figure aria-label="Image to edit">
            <img
              src={preview}
              alt={source.kind === "gallery" ? source.item.prompt : source.file.name}
            />
            <figcaption>
              {source.kind === "gallery"
                ? `From the gallery: ${source.item.prompt}`
                : source.file.name}
            </figcaption>
          </figure>
        )}
      </div>

      <label htmlFor={`${id}-prompt`}>Edit prompt</label>
      <textarea
        id={`${id}-prompt`}
        value={prompt}
        rows={2}
        required
        placeholder="Make it night, with the lamp lit"
        onChange={(event) => setPrompt(event.target.value)}
      />
      <ModelSettings
        models={editModels}
        value={settings}
        onChange={setSettings}
        disabled={pending}
        defaultSizeLabel="Keep the input's size"
      />
      <div className="row">
        <button type="submit" disabled={pending || !source || prompt.trim() === ""}>
          Apply edit
        </button>
        <RequestStatus
          request={edit}
          verb="Editing"
          cancelledAfterMs={cancelledAfterMs}
          onCancel={setCancelledAfterMs}
        />
      </div>
      {edit.status === "success" && (
        <ResultImages label="Edited image" images={edit.images} alt={edit.params.prompt} />
      )}
    </form>
  );
}

/** A URL to preview the source: the gallery's own, or an object URL for a file, revoked when it changes. */
function usePreviewUrl(source: EditSource | undefined): string | undefined {
  const file = source?.kind === "file" ? source.file : undefined;
  const [fileUrl, setFileUrl] = useState<string>();
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setFileUrl(url);
    return () => {
      URL.revokeObjectURL(url);
      setFileUrl(undefined);
    };
  }, [file]);
  return source?.kind === "gallery" ? source.item.url : fileUrl;
}
