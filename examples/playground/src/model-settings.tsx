import { useId } from "react";
import {
  estimatedCost,
  findPlaygroundModel,
  formatUsd,
  type ImageSettings,
  isPixelSize,
  normalizeSettings,
  type PlaygroundModel,
  settingChoices,
} from "./model-catalog";

export interface ModelSettingsProps {
  models: readonly PlaygroundModel[];
  value: ImageSettings;
  onChange: (next: ImageSettings) => void;
  /** The label of the "model default" size: an edit keeps its input's size. */
  defaultSizeLabel: string;
  disabled?: boolean;
}

/**
 * Model, size, aspect ratio, quality and count pickers. Each offers only what the chosen model
 * accepts (from the catalog), and every change goes through `normalizeSettings`, so a value
 * the new model lacks falls back to its default instead of reaching the gateway.
 */
export function ModelSettings({
  models,
  value,
  onChange,
  defaultSizeLabel,
  disabled = false,
}: ModelSettingsProps) {
  const id = useId();
  const model = findPlaygroundModel(models, value.modelId);
  if (!model) return null;
  const choices = settingChoices(model.entry, value.size);
  const change = (patch: Partial<ImageSettings>) =>
    onChange(normalizeSettings(models, { ...value, ...patch }));

  return (
    <fieldset className="settings" disabled={disabled}>
      <div className="field wide">
        <label htmlFor={`${id}-model`}>Model</label>
        <select
          id={`${id}-model`}
          value={value.modelId}
          onChange={(event) => change({ modelId: event.target.value })}
        >
          {models.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name} — {option.price}
            </option>
          ))}
        </select>
      </div>

      {choices.sizes.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-size`}>Size</label>
          <select
            id={`${id}-size`}
            value={value.size}
            onChange={(event) => change({ size: event.target.value })}
          >
            <option value="">{defaultSizeLabel}</option>
            {choices.sizes.map((size) => (
              <option key={size.value} value={size.value}>
                {size.label}
              </option>
            ))}
          </select>
        </div>
      )}

      {choices.aspectRatios.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-aspect`}>Aspect ratio</label>
          {/* A WxH size fixes the shape: the ratio picker is off until a tier or the default is chosen. */}
          <select
            id={`${id}-aspect`}
            value={value.aspectRatio}
            disabled={isPixelSize(value.size)}
            onChange={(event) => change({ aspectRatio: event.target.value })}
          >
            <option value="">Model default</option>
            {choices.aspectRatios.map((ratio) => (
              <option key={ratio} value={ratio}>
                {ratio}
              </option>
            ))}
          </select>
        </div>
      )}

      {choices.qualities.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-quality`}>Quality</label>
          <select
            id={`${id}-quality`}
            value={value.quality}
            onChange={(event) =>
              change({
                quality: choices.qualities.find((quality) => quality === event.target.value) ?? "",
              })
            }
          >
            <option value="">Model default</option>
            {choices.qualities.map((quality) => (
              <option key={quality} value={quality}>
                {quality}
              </option>
            ))}
          </select>
        </div>
      )}

      <div className="field">
        <label htmlFor={`${id}-n`}>Images</label>
        <select
          id={`${id}-n`}
          value={value.n}
          onChange={(event) => change({ n: Number(event.target.value) })}
        >
          {choices.counts.map((count) => (
            <option key={count} value={count}>
              {count}
            </option>
          ))}
        </select>
      </div>

      <p className="estimate">
        Estimated cost: {formatUsd(estimatedCost(model.entry, value))}
        <span className="muted"> (catalog prices)</span>
      </p>
    </fieldset>
  );
}
