import type { Pictor } from "@pictor/client";
import { useClientSource } from "./use-client-source";

/**
 * The provider's Pictor client, for calls the hooks do not wrap (`chat`, `rawClient(pictor)`). Call
 * it in render like any hook and send requests from handlers or effects (a path `baseURL` is
 * resolved when a request is sent, so a server render may call it).
 * @example
 * const pictor = usePictorClient();
 */
export function usePictorClient(): Pictor {
  const source = useClientSource(undefined);
  return typeof source === "function" ? source() : source;
}
