import { redactText } from "@pictor/contract";
import type { paths } from "@pictor/contract/openapi";
import createClient, { type Client } from "openapi-fetch";
import { toPictorError } from "./internal/api-client";
import { orAbort } from "./internal/read-or-abort";
import { credentialsSentFor, redactBody } from "./internal/redact-credentials";
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
 * openapi-fetch returns them (`{ data, error, response }`), unchecked (but an `error` never
 * holds a credential the request carried, which a gateway may echo); a body whose read fails
 * throws Pictor's errors, as the wrapped calls do. One per client: the same object each time, so
 * middleware added with `use()` stays.
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
      fetch: async (request: Request) => {
        const response = await api.sendRequest(request);
        const guarded = withPictorErrors(response, request.signal, api.timeout);
        return response.ok ? guarded : redactedError(guarded, credentialsSentFor(response));
      },
    });
    rawClients.set(pictor, client);
  }
  return client;
}

/**
 * `response` with a body whose read fails as the wrapped calls' do: the timeout running out as
 * `APITimeoutError`, the caller's abort as `APIUserAbortError` (also through a `fetch` that lost
 * the signal), a cut connection as `APIConnectionError`, not as the `fetch`'s own errors
 * (a `DOMException`, `TypeError: terminated`) that openapi-fetch would hand on.
 */
function withPictorErrors(response: Response, signal: AbortSignal, timeout: number): Response {
  const { body, status, statusText, headers } = response;
  if (!body) return response;
  const reader = body.getReader();
  const options = { signal, timeout };
  const guarded = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await orAbort(reader.read(), signal);
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        reader.cancel().catch(() => undefined);
        // An abort neither the caller's nor the timeout's (a `fetch` wrapper's own, as
        // @pictor/server's when its browser leaves) is handed on as it is.
        const foreignAbort =
          error instanceof Error && error.name === "AbortError" && !signal.aborted;
        controller.error(foreignAbort ? error : toPictorError(error, options, timeout, response));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const copy = new Response(guarded, { status, statusText, headers });
  // A built Response has no URL: the copy reports the one it came from.
  Object.defineProperty(copy, "url", { get: () => response.url });
  return copy;
}

/**
 * An error `response` whose body has every credential its request carried replaced: what
 * openapi-fetch hands back as `error` is what callers log (`if (error) console.error(error)`),
 * and a gateway or a proxy may echo the key it refused. Error bodies are small: read whole here,
 * as openapi-fetch would, a JSON one value by value so that a key holding quotes cannot break it.
 */
async function redactedError(response: Response, secrets: readonly string[]): Promise<Response> {
  if (secrets.length === 0 || !response.body) return response;
  const text = await response.text();
  let safe = redactText(text, secrets);
  if (safe !== text) {
    try {
      safe = JSON.stringify(redactBody(JSON.parse(text), secrets));
    } catch {
      // Not JSON: the text as redacted.
    }
  }
  const { status, statusText } = response;
  const headers = new Headers(response.headers);
  // Only a changed body loses its length: openapi-fetch reads `Content-Length: 0` as no error body.
  if (safe !== text) headers.delete("content-length");
  const copy = new Response(safe, { status, statusText, headers });
  Object.defineProperty(copy, "url", { get: () => response.url });
  return copy;
}
