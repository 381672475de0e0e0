import type { RequestOptions } from "../core/request-options";

/** A timeout must be a positive number of milliseconds. */
export function positiveMilliseconds(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0))
    throw new TypeError(`${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}

/** Counts (retries, concurrency) must be whole numbers ≥ 0. */
export function nonNegativeInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0))
    throw new TypeError(`${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}

/** Checks per-call options as strictly as the client's, before anything is sent. */
export function checkRequestOptions(options: RequestOptions | undefined): void {
  if (options?.timeout !== undefined) positiveMilliseconds("timeout", options.timeout);
  if (options?.maxRetries !== undefined) nonNegativeInteger("maxRetries", options.maxRetries);
}
