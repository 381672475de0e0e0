import { findImageModel, type ImageModelEntry, isDeactivated } from "@pictor/contract";

/** A model's lifecycle status, as the catalog labels it and `pictor models --status` takes it. */
export type ModelStatus = ImageModelEntry["status"];

/**
 * The status the gateway goes by: a model past its `deactivated_at` date is deactivated
 * whatever its label says.
 */
export function effectiveStatus(model: ImageModelEntry, now: number): ModelStatus {
  return isDeactivated(model, now) ? "deactivated" : model.status;
}

/**
 * The status column of `pictor models`: the effective status, with the date a model was or
 * will be deactivated ("deactivated 2026-10-10", "legacy, until 2026-12-01").
 */
export function statusCell(model: ImageModelEntry, now: number): string {
  const status = effectiveStatus(model, now);
  if (model.deactivated_at === undefined) return status;
  return status === "deactivated"
    ? `deactivated ${model.deactivated_at}`
    : `${status}, until ${model.deactivated_at}`;
}

/**
 * The note `generate` and `edit` print before calling a model the gateway is retiring: one
 * labelled deprecated, or with a deactivation date still ahead. Nothing for a model already
 * past it (the client warns of that, and the gateway refuses it) nor for a legacy id still
 * served without a date (gemini-3-pro-image-preview: same upstream and price as its successor).
 */
export function retirementNote(id: string, now: number): string | undefined {
  const model = findImageModel(id);
  if (!model || effectiveStatus(model, now) === "deactivated") return undefined;
  const until = model.deactivated_at;
  if (model.status !== "deprecated" && until === undefined) return undefined;
  return `pictor: note: ${id} is ${model.status}${until ? `: the gateway stops serving it on ${until}` : ""}, per Pictor's catalog; \`pictor models\` lists the current ones\n`;
}
