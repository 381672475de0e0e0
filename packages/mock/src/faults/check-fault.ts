import type { OperationId, ScriptedFault } from "./fault";

/** Each fault type with the statuses it takes, if it takes one (`undefined`: its default). */
const faultStatuses: Readonly<Record<ScriptedFault["type"], readonly (number | undefined)[]>> = {
  rate_limit: [],
  spend_cap: [undefined, 402, 429],
  server_error: [500, 502, 503, 504, 529],
  content_filter: [],
  no_images: [],
  latency: [],
  connection_reset: [],
  truncated_body: [],
  truncated_stream: [],
  malformed_json: [],
  stream_error: [],
};

const operations: readonly OperationId[] = [
  "generateImages",
  "editImages",
  "createChatCompletion",
  "listModels",
];

/** The numeric fields of faults that are waits: none may be negative or not a number. */
const waitFields = ["ms", "retryAfterSeconds", "retryAfterMs"] as const;

/**
 * Throws a `TypeError` naming what is wrong with a fault from untyped code (a test written in
 * JavaScript, a fault read from JSON): an unknown type or operation, or a status its type does
 * not take, would otherwise be answered as some other outcome, or not at all, unheard.
 */
export function checkFault(fault: ScriptedFault): void {
  const statuses = Object.hasOwn(faultStatuses, fault.type) ? faultStatuses[fault.type] : undefined;
  if (!statuses)
    throw new TypeError(
      `fault type must be one of ${Object.keys(faultStatuses).join(", ")}, got ${JSON.stringify(fault.type)}`,
    );
  const status: unknown = "status" in fault ? fault.status : undefined;
  if (statuses.length > 0 && !statuses.some((taken) => taken === status))
    throw new TypeError(
      `a ${fault.type} fault's status must be one of ${statuses.filter(Boolean).join(", ")}, got ${String(status)}`,
    );
  if (fault.operation !== undefined && !operations.includes(fault.operation))
    throw new TypeError(
      `fault operation must be one of ${operations.join(", ")}, got ${JSON.stringify(fault.operation)}`,
    );
  for (const field of waitFields) {
    const value: unknown = Reflect.get(fault, field);
    if (value !== undefined && !(typeof value === "number" && value >= 0))
      throw new TypeError(
        `a ${fault.type} fault's ${field} must be a number ≥ 0, got ${String(value)}`,
      );
  }
  if (fault.type === "latency" && fault.ms === undefined)
    throw new TypeError("a latency fault needs ms, the milliseconds to wait");
}
