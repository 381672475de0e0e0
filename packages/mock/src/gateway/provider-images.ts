import { newRequestId } from "./request-id";

/**
 * The providers whose chat images the gateway may pass on as the provider's own short-lived
 * https link instead of a data URL (the reference: Z.AI, Alibaba, ByteDance, xAI).
 */
export const linkingProviders: ReadonlySet<string> = new Set([
  "zai",
  "alibaba",
  "bytedance",
  "xai",
]);

/** Where the mock serves those images: outside /v1, as a provider's link is no gateway route. */
export const providerImagePath = "/provider-images/";

/** How many bytes of linked images the mock holds before it lets the oldest links expire. */
const maxHeldBytes = 128 * 1024 * 1024;

/** The images the mock handed out as links, and the answers to their downloads. */
export interface ProviderImages {
  /** Holds `png` and returns its URL on `origin` (the origin the chat request came to). */
  link(png: Uint8Array, origin: string): string;
  /** The download of a link's image: the PNG, or a 404 once it has expired; undefined for any other request. */
  answer(request: Request): Response | undefined;
  /** Expires every link. */
  clear(): void;
}

/** Creates the links of one gateway, held in memory until `clear()` or until newer ones push them out. */
export function createProviderImages(): ProviderImages {
  // A Map keeps insertion order: the first entries are the oldest links.
  const held = new Map<string, Uint8Array>();
  let heldBytes = 0;
  return {
    link(png, origin) {
      const name = `${newRequestId()}.png`;
      held.set(name, png);
      heldBytes += png.byteLength;
      for (const [oldest, bytes] of held) {
        if (heldBytes <= maxHeldBytes || oldest === name) break;
        held.delete(oldest);
        heldBytes -= bytes.byteLength;
      }
      return `${origin}${providerImagePath}${name}`;
    },
    answer(request) {
      const { pathname } = new URL(request.url);
      if (!pathname.startsWith(providerImagePath)) return undefined;
      const png =
        request.method === "GET" ? held.get(pathname.slice(providerImagePath.length)) : undefined;
      if (!png) {
        return new Response("Not Found: this image link has expired or never existed", {
          status: 404,
          headers: { "content-type": "text/plain; charset=utf-8" },
        });
      }
      return new Response(png.slice(), {
        headers: { "content-type": "image/png", "content-length": String(png.byteLength) },
      });
    },
    clear() {
      held.clear();
      heldBytes = 0;
    },
  };
}
