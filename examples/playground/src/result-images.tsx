import type { DisplayImage } from "@pictor/react";

export interface ResultImagesProps {
  label: string;
  images: readonly DisplayImage[];
  alt: string;
}

/** The current result of a hook. Its object URLs belong to the hook, which revokes them when the next request starts. */
export function ResultImages({ label, images, alt }: ResultImagesProps) {
  return (
    <section className="result" aria-label={label}>
      {images.map((shown) => (
        <figure key={shown.url}>
          <img src={shown.url} alt={alt} width={shown.width} height={shown.height} />
          <figcaption>
            {shown.width} × {shown.height} · {shown.mediaType}
          </figcaption>
        </figure>
      ))}
    </section>
  );
}
