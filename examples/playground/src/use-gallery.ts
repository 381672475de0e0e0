import type { GeneratedImage, ImageResult } from "@pictor/client";
import { useCallback, useEffect, useRef, useState } from "react";

/** One image kept in the gallery. */
export interface GalleryItem {
  id: string;
  /** The client's image: re-sent as is when it is picked for an edit. */
  image: GeneratedImage;
  /** An object URL owned by the gallery (the hooks revoke theirs when the next request starts). */
  url: string;
  prompt: string;
  model: string;
  kind: "generated" | "edited";
}

export interface Gallery {
  items: readonly GalleryItem[];
  add: (result: ImageResult, meta: Pick<GalleryItem, "prompt" | "kind">) => void;
  remove: (id: string) => void;
}

/**
 * The images of this session, newest first. The hooks' `images[i].url` live only as long as
 * their result is current, so the gallery makes its own URLs from the bytes and revokes them
 * when an item is removed or the page goes away.
 */
export function useGallery(): Gallery {
  const [items, setItems] = useState<readonly GalleryItem[]>([]);
  // id → object URL of every item still shown, for revoking on remove and unmount.
  const urls = useRef(new Map<string, string>());
  // A counter, not crypto.randomUUID(): that exists only in secure contexts, and the page may
  // be opened over plain http from another machine (--host 0.0.0.0).
  const nextId = useRef(0);

  useEffect(() => {
    const live = urls.current;
    return () => {
      for (const url of live.values()) URL.revokeObjectURL(url);
      live.clear();
    };
  }, []);

  const add = useCallback<Gallery["add"]>((result, meta) => {
    void Promise.all(
      result.images.map(async (image) => {
        const id = `image-${++nextId.current}`;
        const url = URL.createObjectURL(await image.blob());
        urls.current.set(id, url);
        return { id, image, url, model: result.model, ...meta };
      }),
    ).then((added) => setItems((previous) => [...added, ...previous]));
  }, []);

  const remove = useCallback((id: string) => {
    const url = urls.current.get(id);
    if (url !== undefined) URL.revokeObjectURL(url);
    urls.current.delete(id);
    setItems((previous) => previous.filter((item) => item.id !== id));
  }, []);

  return { items, add, remove };
}
