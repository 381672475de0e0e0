import type { SavedImage } from "./save-images";

/**
 * Saving stopped part way (a full disk, a drive gone): the images were made and paid for, and
 * those saved before the failure are in `saved`, for the summary to list.
 */
export class SaveImagesError extends Error {
  /** The files written before the failure. */
  readonly saved: readonly SavedImage[];
  /** How many images were not saved. */
  readonly unsaved: number;

  constructor(saved: readonly SavedImage[], total: number, dir: string, cause: unknown) {
    super(
      `Could not save image ${saved.length + 1} of ${total} in ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = "SaveImagesError";
    this.saved = saved;
    this.unsaved = total - saved.length;
  }
}
