import type { Pictor } from "@pictor/client";
import { useClientSource } from "./use-client-source";

/**
 * The provider's Pictor client, for calls the hooks do not wrap (`chat`, `rawClient(pictor)`). Call it in an
 * event handler or effect rather than during a server render: a path `baseURL` such as
 * `/api/pictor` needs `location` to be resolved.
 * @example
 * const pictor = usePictorClient();
 */
export function usePictorClient(): Pictor {
  const source = useClientSource(undefined);
  return typeof source === "function" ? source() : source;
}
