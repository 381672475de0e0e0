import {
  APITimeoutError,
  APIUserAbortError,
  type FetchOptions,
  type HeadersInput,
  Pictor,
  rawClient,
} from "@pictor/client";
import type { PictorOperation } from "../pictor-handler-options";
import { gatewayErrorObject, gatewayErrorResponse } from "./gateway-error-response";
import { passThroughError, passThroughSuccess, redactAll } from "./pass-through-response";
import type { ValidCall } from "./validate-request";

/** How the handler reaches the gateway; the key never leaves this object except toward `baseURL`. */
export interface GatewayConnection {
  apiKey: string;
  /** What every answer is cleaned of: the key, and the credentials among `headers` (a proxy's key). */
  secrets: readonly string[];
  /**
   * `secrets` and their base64 forms (`base64FormsOf`), as a proxy echoing what it got may write
   * them: looked for in errors (a stream's `event: error` too), headers and the log, not in a
   * success's body (megabytes of base64 images, where each form would cost about as much as the
   * key's own redaction).
   */
  quotedSecrets: readonly string[];
  baseURL: string | undefined;
  fetch: typeof globalThis.fetch | undefined;
  fetchOptions: FetchOptions | undefined;
  /** The server's own headers for every gateway call (`x-no-fallback`, `x-source`, …). */
  headers: HeadersInput | undefined;
  maxRetries: number;
  timeout: number | undefined;
  /** Keeps only the allowed models in a `models` answer; undefined when every model is allowed. */
  filterModels: ((id: string) => boolean) | undefined;
}

/**
 * Sends a validated call through `@pictor/client` (its auth, timeout and retries) and turns the
 * answer into the browser's response. Only the validated body, the server's key and headers, and
 * the request's `x-request-id` (the browser's, else the handler's) are sent: nothing else of the
 * browser's request reaches the gateway.
 */
export async function forwardToGateway(
  call: ValidCall,
  request: Request,
  requestId: string,
  connection: GatewayConnection,
): Promise<Response> {
  // The gateway's answer to the latest attempt, once its headers are in (see `unfinishedError`).
  let answer: Response | undefined;
  // One client per request: its fetch carries this request's abort signal, which the raw
  // client's calls cannot take per call. Creating one is cheap (no I/O).
  const raw = rawClient(
    new Pictor({
      apiKey: connection.apiKey,
      baseURL: connection.baseURL,
      fetch: abortingWith(request.signal, connection.fetch, (latest) => {
        answer = latest;
      }),
      fetchOptions: connection.fetchOptions,
      headers: connection.headers,
      maxRetries: connection.maxRetries,
      timeout: connection.timeout,
    }),
  );
  const init = {
    parseAs: "stream" as const,
    headers: { "x-request-id": requestId },
  };
  const quoted = connection.quotedSecrets;
  const failed: FailedCall = { request, requestId, operation: call.operation, secrets: quoted };
  let result: { response: Response; error?: unknown };
  try {
    switch (call.operation) {
      case "generate":
        result = await raw.POST("/images/generations", { ...init, body: call.body });
        break;
      case "edit":
        result = await raw.POST("/images/edits", { ...init, body: call.body });
        break;
      case "chat":
        result = await raw.POST("/chat/completions", { ...init, body: call.body });
        break;
      case "models":
        result = await raw.GET("/models", { ...init, params: { query: call.query } });
        break;
    }
  } catch (error) {
    if (answer && !answer.ok && APITimeoutError.isInstance(error) && !request.signal.aborted)
      return unfinishedError(answer, quoted);
    return unreachable(error, failed);
  }
  const { response } = result;
  if (!response.ok) return passThroughError(response, result.error, quoted);
  if (call.operation === "models" && connection.filterModels)
    return filteredModels(response, connection.filterModels, connection.secrets, failed);
  return passThroughSuccess(response, connection.secrets, quoted);
}

/**
 * The fetch the client sends with, aborted when the browser goes away. The client's transport
 * passes only its timeout signal to fetch, so the browser's signal is joined here.
 */
function abortingWith(
  signal: AbortSignal,
  custom: typeof globalThis.fetch | undefined,
  answered: (response: Response | undefined) => void,
): typeof globalThis.fetch {
  return async (input, init) => {
    answered(undefined);
    // Looked up per call, so msw or a test fetch installed after the handler is created is used.
    const fetch = custom ?? globalThis.fetch;
    // The client's timeout signal bounds the wait for the gateway's answer (a 504 when it
    // passes) and every body read here (errors, the model list, images), but not an event
    // stream once it flows: a chat stream still sending events is passed through whole. The
    // browser's signal ends everything.
    const timeout = init?.signal ?? undefined;
    const ended = new AbortController();
    const endFromTimeout = () => ended.abort(timeout?.reason);
    whenAborted(signal, () => ended.abort(signal.reason));
    if (timeout) whenAborted(timeout, endFromTimeout);
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: ended.signal });
    } catch (error) {
      // As a caller abort the transport never retries it; as a connection error it would.
      if (signal.aborted) throw new APIUserAbortError({ cause: error });
      throw error;
    }
    if (response.ok && response.headers.get("content-type")?.includes("text/event-stream"))
      timeout?.removeEventListener("abort", endFromTimeout);
    answered(response);
    return response;
  };
}

/**
 * The answer when the gateway's error status and headers arrived but its body did not, within the
 * timeout. Unlike a gateway that has not answered (`unreachable`'s 504, not retried: it may still
 * be making the image), this one has failed and makes nothing: its status and retry hints stand,
 * so the page's client retries it (or not) as it would the whole error.
 */
function unfinishedError(upstream: Response, secrets: readonly string[]): Response {
  const message = `The gateway answered ${upstream.status}, but the rest of its error did not arrive within the timeout`;
  return passThroughError(
    upstream,
    { error: gatewayErrorObject(upstream.status, message) },
    secrets,
  );
}

/** Calls `listener` once `signal` aborts (now, if it already has). */
function whenAborted(signal: AbortSignal, listener: () => void): void {
  if (signal.aborted) listener();
  else signal.addEventListener("abort", listener, { once: true });
}

/** What `unreachable` needs besides the failure: whose request it was, and what to keep out of the log. */
interface FailedCall {
  request: Request;
  requestId: string;
  operation: PictorOperation;
  secrets: readonly string[];
}

/**
 * The answer when the gateway could not be reached or did not answer in time; the cause stays on
 * the server. A timed-out image or chat call reached the gateway, which may still make and bill
 * it: its 504 says `x-should-retry: false`, or the page's client (which retries 5xx) would pay
 * again. The model list costs nothing, so its 504 may be retried.
 */
function unreachable(error: unknown, call: FailedCall): Response {
  if (call.request.signal.aborted) return gatewayErrorResponse(499, "Client Closed Request");
  if (APITimeoutError.isInstance(error))
    return gatewayErrorResponse(504, "Gateway Timeout: the gateway did not answer in time", {
      headers: call.operation === "models" ? {} : { "x-should-retry": "false" },
    });
  // Every browser gets a bare 502: without this line the owner of a mistyped baseURL, a DNS or
  // TLS failure, would find nothing in the log either. Only the message, with secrets redacted
  // (the client's already is): the error object's cause and stack may hold more.
  const reason = error instanceof Error ? error.message : String(error);
  console.error(
    `[@pictor/server] 502, gateway unreachable (x-request-id ${call.requestId}): ${redactAll(reason, call.secrets)}`,
  );
  return gatewayErrorResponse(502, "Bad Gateway: the gateway could not be reached");
}

/** The `models` answer with only the models the policy allows (read whole: it is a small list). */
async function filteredModels(
  response: Response,
  allows: (id: string) => boolean,
  secrets: readonly string[],
  call: FailedCall,
): Promise<Response> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return unreachable(error, call);
  }
  const rebuilt = (body: string) =>
    passThroughSuccess(
      new Response(body, { status: response.status, headers: response.headers }),
      secrets,
      call.secrets,
    );
  // A list the route cannot filter (not JSON, no `data` array) is not passed on: unfiltered, it
  // would show the models the policy hides. The gateway's answer is at fault, not the handler:
  // a 502, which the page may ask again (a model list costs nothing).
  const unreadable = (why: string) => {
    console.error(
      `[@pictor/server] 502, the gateway's model list ${why}, so allowedModels cannot filter it (x-request-id ${call.requestId})`,
    );
    return gatewayErrorResponse(502, "Bad Gateway: the gateway's model list could not be read");
  };
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return unreadable("is not JSON");
  }
  if (typeof list !== "object" || list === null || !("data" in list) || !Array.isArray(list.data))
    return unreadable("has no data array");
  // A part nested deeper than JSON.stringify recurses (JSON.parse takes any depth) cannot be
  // written again, so it cannot be vouched for: that part alone is left out, and the rest is
  // served, rather than the whole list failing with a 502 the page would retry for nothing.
  const deepModels: string[] = [];
  const models: string[] = [];
  for (const model of list.data) {
    if (typeof model !== "object" || model === null) continue;
    const id = "id" in model ? model.id : undefined;
    if (typeof id !== "string" || !allows(id)) continue;
    const json = writtenAgain(model);
    if (json === undefined) deepModels.push(id);
    else models.push(json);
  }
  const deepFields: string[] = [];
  const fields: string[] = [];
  for (const [name, value] of Object.entries(list)) {
    const json = name === "data" ? `[${models.join(",")}]` : writtenAgain(value);
    if (json === undefined) deepFields.push(name);
    else fields.push(`${JSON.stringify(name)}:${json}`);
  }
  // Logged once for the response: a list repeating such an entry thousands of times would
  // otherwise write as many lines.
  const leftOut: string[] = [];
  if (deepModels.length > 0)
    leftOut.push(`${counted(deepModels.length, "allowed model")} (${someOf(deepModels, "id")})`);
  if (deepFields.length > 0)
    leftOut.push(`${counted(deepFields.length, "field")} (${someOf(deepFields, "name")})`);
  if (leftOut.length > 0)
    console.error(
      `[@pictor/server] the gateway's model list has ${redactAll(leftOut.join(" and "), call.secrets)} nested too deeply to write again; ${deepModels.length + deepFields.length === 1 ? "it is" : "they are"} left out of the list served (x-request-id ${call.requestId})`,
    );
  return rebuilt(`{${fields.join(",")}}`);
}

/** `count` and `noun`, plural when it is not one: "1 field", "300 allowed models". */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * The first three of the distinct `names`, quoted and cut to 200 characters, and how many others
 * there are: `"a", "b", "c" and 2 other ids`. A name repeated is shown once.
 */
function someOf(names: readonly string[], kind: string): string {
  const distinct = [...new Set(names)];
  const shown = distinct.slice(0, 3).map((name) => JSON.stringify(name.slice(0, 200)));
  const others = distinct.length - shown.length;
  return others > 0
    ? `${shown.join(", ")} and ${counted(others, `other ${kind}`)}`
    : shown.join(", ");
}

/** `value` (parsed JSON) written as JSON again, or undefined when it nests too deeply to. */
function writtenAgain(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
