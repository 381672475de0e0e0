import type { Pictor } from "@pictor/client";

/** What every model of a provider shares: its name and the one client all calls go through. */
export interface PictorModelConfig {
  /** `pictor.image` or `pictor.chat`, as the AI SDK logs it. */
  provider: string;
  /** The provider's client, created on first use (so a missing key fails the call, not the import). */
  client: () => Pictor;
  /** The headers of one request for the AI SDK's per-call headers, with Pictor's user agent. */
  headers: (callHeaders: Record<string, string | undefined> | undefined) => Record<string, string>;
}

/** An image model's config: the provider's, and how many requests of one `generateImage` go at once. */
export interface PictorImageModelConfig extends PictorModelConfig {
  /** The provider's `maxConcurrency`. */
  maxConcurrency: number;
}

/** Response headers as the AI SDK reports them. */
export function headersRecord(response: Response | undefined): Record<string, string> | undefined {
  return response ? Object.fromEntries(response.headers) : undefined;
}
