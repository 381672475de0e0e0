import { type Pictor, PictorError } from "@pictor/client";
import { useContext } from "react";
import type { ClientSource } from "./image-request-observer";
import { PictorContext } from "./pictor-context";

/** The hook's `client` option, else the provider's getter; a missing provider fails the render loudly. */
export function useClientSource(client: Pictor | undefined): ClientSource {
  const fromProvider = useContext(PictorContext);
  const source = client ?? fromProvider;
  if (!source) {
    throw new PictorError(
      'No Pictor client: wrap the component in <PictorProvider options={{ baseURL: "/api/pictor" }}> or pass { client } to the hook.',
    );
  }
  return source;
}
