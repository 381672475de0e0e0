import type { paths } from "@pictor/contract/openapi";
import createClient, { type Client } from "openapi-fetch";
import { type Pictor, transportOf } from "./pictor";

/*
 * Why a function and not a `pictor.raw` property: a property of the class is in every bundle
 * that uses the class, and openapi-fetch is about a tenth of a browser bundle that only
 * generates images. Imported on its own, it is bundled only by apps that call it.
 */

const rawClients = new WeakMap<Pictor, Client<paths>>();

/**
 * The openapi-fetch client of the gateway's spec, for endpoints and fields Pictor does not wrap.
 * It sends through `pictor`'s auth, headers, timeouts and retries; responses come back as
 * openapi-fetch returns them (`{ data, error, response }`), unchecked. One per client: the same
 * object each time, so middleware added with `use()` stays.
 * @example
 * import { Pictor, rawClient } from "@pictor/client";
 * const { data } = await rawClient(new Pictor()).GET("/models", { params: { query: { include_deactivated: "true" } } });
 */
export function rawClient(pictor: Pictor): Client<paths> {
  let client = rawClients.get(pictor);
  if (!client) {
    const api = transportOf(pictor);
    client = createClient<paths>({
      baseUrl: pictor.baseURL,
      fetch: (request: Request) => api.sendRequest(request),
    });
    rawClients.set(pictor, client);
  }
  return client;
}
