import type { GeneratedImage } from "@pictor/client";
import type { ObjectUrlStore } from "./object-url-store";

/**
 * A generated image ready for `<img src={image.url}>`. The object URL is made the first time
 * `url` is read (a result nobody displays costs no URL) and revoked with its result.
 */
export class DisplayImage {
  /** The client's image: `bytes()`, `blob()`, `dataURL`, or an input for `useEditImage`. */
  readonly image: GeneratedImage;
  /** The image bytes as a Blob with their media type. */
  readonly blob: Blob;
  readonly #store: ObjectUrlStore;
  #url: string | undefined;
  #dataURL: string | undefined;

  /** @internal Made by `ImageRequestObserver` when a request succeeds. */
  constructor(image: GeneratedImage, blob: Blob, store: ObjectUrlStore) {
    this.image = image;
    this.blob = blob;
    this.#store = store;
  }

  /**
   * A `blob:` URL while this image's result is the hook's current one. Once the result is
   * retired (new request, reset, unmount) its URLs are revoked, and a late read (a gallery that
   * kept the object) gets the `data:` URL instead: it still shows, and nothing leaks.
   */
  get url(): string {
    // The data: URL is kept once made: each render reads `url`, and a new string of megabytes
    // each time costs its building and React's comparison of it with the last one.
    if (this.#store.revoked) {
      this.#dataURL ??= this.image.dataURL;
      return this.#dataURL;
    }
    this.#url ??= this.#store.create(this.blob);
    return this.#url;
  }

  /** Pixel width read from the image header. */
  get width(): number {
    return this.image.width;
  }

  /** Pixel height read from the image header. */
  get height(): number {
    return this.image.height;
  }

  /** The media type sniffed from the bytes (`image/png`, ...). */
  get mediaType(): GeneratedImage["mediaType"] {
    return this.image.mediaType;
  }
}
