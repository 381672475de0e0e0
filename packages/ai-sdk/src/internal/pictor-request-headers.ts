import { normalizeHeaders } from "@ai-sdk/provider-utils";
import type { HeadersInput } from "@pictor/client";
import { trimHttpWhitespace } from "@pictor/contract";
// Only `version` is bundled (esbuild keeps the used fields of a JSON import): the version the
// release wrote into package.json, read at build time, so it cannot drift from the package's.
import { version } from "../../package.json";

/** What the provider adds to the `user-agent` of its requests, as official AI SDK providers add `ai-sdk/openai/<version>`. */
export const pictorUserAgent = `ai-sdk/pictor/${version}`;

/**
 * How the provider makes the headers of one gateway request: the AI SDK's per-call headers (the
 * unset ones left out), with a `user-agent` of the provider's own (from `createPictor({ headers
 * })`), then the call's (the AI SDK's `ai/<version>`, after any the caller set), then Pictor's.
 * The client lets a call's header replace the provider's, which would lose the provider's user
 * agent. The provider's is read once, at the first request: its headers do not change, and a bad
 * one must fail a call (as the client's check of them does), not `createPictor`.
 * No `Headers` is made of the call's: a value it cannot carry would throw its own error, which
 * quotes the value (a key, as often as not); the client refuses it naming only the header. Values
 * lose the whitespace around them, as `fetch` would strip it (a key read from a file ends in "\n").
 */
export function pictorRequestHeaders(
  providerHeaders: HeadersInput | undefined,
): (callHeaders: Record<string, string | undefined> | undefined) => Record<string, string> {
  let providerUserAgent: string | undefined;
  return (callHeaders) => {
    providerUserAgent ??= userAgentOf(providerHeaders);
    const call: Record<string, string> = {};
    // Lower-cased names without the unset ones (a repeated name, in two cases, keeps the last);
    // a number from untyped code as text, as `Headers` would make it.
    for (const [name, value] of Object.entries(normalizeHeaders(callHeaders)))
      call[name] = trimHttpWhitespace(String(value));
    const userAgent = [providerUserAgent, call["user-agent"], pictorUserAgent]
      .filter(Boolean)
      .join(" ");
    return { ...call, "user-agent": userAgent };
  };
}

/** The `user-agent` among the provider's headers (a record, a `Headers` or pairs), any case; "" for none. */
function userAgentOf(headers: HeadersInput | undefined): string {
  if (headers === undefined) return "";
  // `Headers` takes mutable pairs: a copy of the few pairs, not a cast.
  const init = isPairs(headers)
    ? headers.map(([name, value]): [string, string] => [name, value])
    : headers;
  return new Headers(init).get("user-agent") ?? "";
}

/** Whether headers are `[name, value]` pairs (`Array.isArray` does not narrow a readonly array). */
function isPairs(headers: HeadersInput): headers is readonly (readonly [string, string])[] {
  return Array.isArray(headers);
}
