/**
 * The object URLs made for one result. They are revoked together when the result stops being
 * the current one, so an `<img>` never outlives its URL by more than one state transition.
 */
export class ObjectUrlStore {
  /** Each URL made, with the Blob it shows (read back when the URL is given as an input). */
  #urls = new Map<string, Blob>();
  #revoked = false;

  /** Whether `revokeAll` has run: no URL is made after that. */
  get revoked(): boolean {
    return this.#revoked;
  }

  /** Makes an object URL for `blob` and remembers it for `revokeAll`. */
  create(blob: Blob): string {
    const url = URL.createObjectURL(blob);
    this.#urls.set(url, blob);
    return url;
  }

  /** The Blob behind `url` when this store made it, revoked or not (an edit may send it in place of the URL). */
  blobOf(url: string): Blob | undefined {
    return this.#urls.get(url);
  }

  /**
   * Revokes every URL made so far; later reads fall back to data URLs (see `DisplayImage.url`).
   * The Blobs stay known (`blobOf`): they live as long as the result's images anyway.
   */
  revokeAll(): void {
    this.#revoked = true;
    for (const url of this.#urls.keys()) URL.revokeObjectURL(url);
  }
}
