import type { GalleryItem } from "./use-gallery";

export interface GalleryProps {
  items: readonly GalleryItem[];
  onEdit: (item: GalleryItem) => void;
  onRemove: (id: string) => void;
}

/** Every image of the session, with a download link and a shortcut to edit it. */
export function Gallery({ items, onEdit, onRemove }: GalleryProps) {
  return (
    <section className="gallery" aria-label="Gallery">
      <h2>Gallery</h2>
      {items.length === 0 ? (
        <p className="muted">Generated and edited images collect here.</p>
      ) : (
        <ul>
          {items.map((item, index) => (
            <li key={item.id}>
              <img src={item.url} alt={item.prompt} title={item.prompt} />
              <p className="caption">
                {item.kind === "edited" ? "Edit" : "Image"} · {item.model} · {item.image.width} ×{" "}
                {item.image.height}
              </p>
              <div className="actions">
                <a href={item.url} download={`pictor-${items.length - index}.${extensionOf(item)}`}>
                  Download
                </a>
                <button type="button" onClick={() => onEdit(item)}>
                  Edit
                </button>
                <button type="button" className="link" onClick={() => onRemove(item.id)}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function extensionOf(item: GalleryItem): string {
  return item.image.mediaType.split("/")[1] === "jpeg"
    ? "jpg"
    : (item.image.mediaType.split("/")[1] ?? "png");
}
