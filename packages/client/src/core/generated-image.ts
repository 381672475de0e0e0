import { byteView, encodeBase64, type ImageMediaType, readImageHeader } from "@pictor/contract";

/**
 * One image from the gateway: its bytes, the media type sniffed from them, and the pixel size
 * read from the image header (not trusted from the request).
 */
export class GeneratedImage {
  /** `image/png`, `image/jpeg`, `image/webp` or `image/gif`, sniffed from the bytes. */
  readonly mediaType: ImageMediaType;
  /** Pixel width from the image header. */
  readonly width: number;
  /** Pixel height from the image header. */
  readonly height: number;
  /** The prompt the gateway reports for this image (it echoes the request's prompt). */
  readonly revisedPrompt: string | undefined;
  /** The `x-request-id` of the call that made it (a fan-out makes each image in a call of its own); null for an image you built. */
  readonly requestId: string | null;
  readonly #bytes: Uint8Array<ArrayBuffer>;
  #base64: string | undefined;

  /**
   * Wraps image bytes (PNG, JPEG, WebP or GIF; anything else throws a `TypeError`). Pictor makes
   * these for you; build one yourself to hand your own bytes to code that takes results.
   */
  constructor(
    bytes: Uint8Array,
    options: {
      revisedPrompt?: string | undefined;
      base64?: string | undefined;
      requestId?: string | null | undefined;
    } = {},
  ) {
    const header = readImageHeader(bytes);
    if (!header) throw new TypeError("the bytes are not a PNG, JPEG, WebP or GIF image");
    // Untyped code may pass a Uint16Array or a DataView: its bytes are the image, not its elements.
    bytes = byteView(bytes);
    this.mediaType = header.mediaType;
    this.width = header.width;
    this.height = header.height;
    this.revisedPrompt = options.revisedPrompt;
    this.requestId = options.requestId ?? null;
    // Bytes in shared memory are copied: `bytes()` gives a view of an ArrayBuffer, the only kind
    // `Blob`, `Response`, `File` and `crypto.subtle` take. Told by the tag, not `instanceof`:
    // an ArrayBuffer of another realm (a test DOM, an iframe) needs no copy.
    this.#bytes = viewsAnArrayBuffer(bytes) ? bytes : bytes.slice();
    this.#base64 = options.base64;
  }

  /** The image as base64 (no data-URL prefix). */
  get base64(): string {
    this.#base64 ??= encodeBase64(this.#bytes);
    return this.#base64;
  }

  /** The image as a `data:` URL, ready for an `<img src>`. */
  get dataURL(): string {
    return `data:${this.mediaType};base64,${this.base64}`;
  }

  /**
   * The image bytes: the same view each time, which need not span its whole `.buffer` (use
   * `byteOffset`/`byteLength`); `slice()` it before mutating or transferring it. Typed as a view
   * of an `ArrayBuffer`, so it goes straight into `new Blob`, `new Response` or `crypto.subtle`.
   */
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#bytes;
  }

  /** The image as a `Blob` with its media type. */
  async blob(): Promise<Blob> {
    return new Blob([this.#bytes], { type: this.mediaType });
  }

  /** A short description for logs: never the whole base64. */
  toJSON(): { mediaType: ImageMediaType; width: number; height: number; bytes: number } {
    return {
      mediaType: this.mediaType,
      width: this.width,
      height: this.height,
      bytes: this.#bytes.byteLength,
    };
  }
}

/** Whether `bytes` views an `ArrayBuffer` (of any realm), not a `SharedArrayBuffer`. */
function viewsAnArrayBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer[Symbol.toStringTag] !== "SharedArrayBuffer";
}
