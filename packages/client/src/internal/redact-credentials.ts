import { credentialsOf, redactText } from "@pictor/contract";

// The rule is shared with @pictor/server, which redacts the same credentials from its answers.
export { credentialsOf };

/*
 * Why this exists: the key must show in no error, and errors are built from text Pictor does not
 * write: a custom `fetch` that quotes the request's headers (in its message or a cause's), a
 * gateway that echoes the key it refused ("Invalid API key sk-…"). Each such text is cleaned of
 * the credentials the request carried before it reaches an error.
 */

/** The headers each response's request was sent with, for the errors of reading its body. */
const sentHeaders = new WeakMap<Response, Record<string, string>>();

/** Notes the headers `response` answered, so an error while reading its body can be cleaned. */
export function noteSentHeaders(response: Response, headers: Record<string, string>): void {
  sentHeaders.set(response, headers);
}

/** The credentials the request of `response` carried (none for a response Pictor did not send). */
export function credentialsSentFor(response: Response | undefined): string[] {
  const headers = response && sentHeaders.get(response);
  return headers ? credentialsOf(headers) : [];
}

/** A response body as read (text, parsed JSON or undefined) with every secret replaced in its strings and keys. */
export function redactBody(body: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return body;
  if (typeof body === "string") return redactText(body, secrets);
  if (Array.isArray(body)) return body.map((item) => redactBody(item, secrets));
  if (typeof body !== "object" || body === null) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body))
    out[redactText(key, secrets)] = redactBody(value, secrets);
  return out;
}

/**
 * `headers` as they are, or a copy with every secret replaced in each value when one quotes
 * a secret (a proxy's debug header echoing the `Authorization` it got, a `Location` or a
 * `Set-Cookie` with the key in it). One pass over all values tells: most answers quote none
 * and are not copied.
 */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Headers {
  if (secrets.length === 0) return headers;
  let values = "";
  // No header value holds a line break, so joined values cannot make a secret between them.
  headers.forEach((value) => {
    values += `${value}\n`;
  });
  if (redactText(values, secrets) === values) return headers;
  const copy = new Headers();
  headers.forEach((value, name) => {
    copy.append(name, redactText(value, secrets));
  });
  return copy;
}

/**
 * `response` as code outside Pictor gets it (an `onResponse` hook, a stream's `response`):
 * itself, or when a header quotes a credential its request carried, a copy with its status, URL
 * and body (the same stream, unread) whose headers have each one replaced. Pictor itself goes on
 * reading `response`.
 */
export function exposedResponse(response: Response): Response {
  const headers = redactHeaders(response.headers, credentialsSentFor(response));
  if (headers === response.headers) return response;
  const { status, statusText } = response;
  const copy = new Response(response.body, { status, statusText, headers });
  // A built Response has no URL: the copy reports the one it came from. Read through `response`,
  // which keeps it while the copy lives: Node's fetch cancels the body of a response that is
  // garbage-collected unread, and the copy shares it.
  Object.defineProperty(copy, "url", { get: () => response.url });
  return copy;
}

/**
 * Whether `error` or anything it holds quotes a secret: its message and stack, its `cause`
 * chain, and the values of its own properties (an HTTP library's error carries the request's
 * `config.headers`, or the `Request` itself), a few levels down. Bounded: an error may hold a
 * loop or a large object.
 */
export function quotesCredentials(error: unknown, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  let budget = 500;
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (--budget < 0) return true; // too much to tell: treat it as quoting one
    if (typeof value === "string") return secrets.some((secret) => value.includes(secret));
    if (typeof value !== "object" || value === null || seen.has(value)) return false;
    if (depth > 5) return true; // too deep to tell, as too much is
    seen.add(value);
    if (value instanceof Error && visit(`${value.message}\n${String(value.stack)}`, depth))
      return true;
    if (value instanceof Error && visit(value.cause, depth + 1)) return true;
    // A Headers (or any map-like) keeps its entries out of Object.values.
    const forEach: unknown = Reflect.get(value, "forEach");
    if (typeof forEach === "function" && !Array.isArray(value)) {
      let found = false;
      try {
        Reflect.apply(forEach, value, [
          (item: unknown, key: unknown) => {
            found ||= visit(item, depth + 1) || visit(key, depth + 1);
          },
        ]);
      } catch {
        return true;
      }
      if (found) return true;
    }
    // Every own property, as util.inspect shows them: symbol-keyed (a library's private state)
    // and non-enumerable ones too; and a `headers` read through a getter (a `Request` held as
    // `error.request`, as ky's and ofetch's errors do).
    try {
      const keys: PropertyKey[] = Reflect.ownKeys(value);
      if (!Object.hasOwn(value, "headers") && "headers" in value) keys.push("headers");
      return keys.some((key) => visit(Reflect.get(value, key), depth + 1));
    } catch {
      return true; // a getter that throws: cannot tell
    }
  };
  return visit(error, 0);
}
