import type { MockGateway, OperationId, ScriptedFault } from "@pictor/mock";
import { errorResponse } from "./json-response";

const operations: readonly OperationId[] = [
  "generateImages",
  "editImages",
  "createChatCompletion",
  "listModels",
];
const serverErrorStatuses = [500, 502, 503, 504, 529] as const;

/**
 * `/__mock/faults`, for tests and demos of failure states: `POST` a fault (or an array) as
 * `@pictor/mock` takes it, e.g. `{ "type": "rate_limit" }`, `{ "type": "server_error",
 * "status": 500 }`, `{ "type": "latency", "ms": 5000 }`, optionally with `"operation"`; the
 * local gateway answers its next matching request(s) that way. `DELETE` clears the queue.
 * It exists only because the gateway is the local mock: there is nothing to fault otherwise.
 */
export function createMockFaultRoute(
  gateway: MockGateway,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method === "DELETE") {
      gateway.faults.clear();
      return new Response(null, { status: 204 });
    }
    if (request.method !== "POST")
      return errorResponse(405, "Use POST to queue a fault, DELETE to clear them");
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return errorResponse(400, "The body is not JSON");
    }
    const faults: ScriptedFault[] = [];
    for (const value of Array.isArray(body) ? body : [body]) {
      const fault = parseFault(value);
      if (typeof fault === "string") return errorResponse(400, fault);
      faults.push(fault);
    }
    gateway.faults.enqueue(...faults);
    return Response.json({ pending: gateway.faults.pending.length });
  };
}

/** The fault, or why it is not one. Only the faults a page can show something for are accepted. */
function parseFault(value: unknown): ScriptedFault | string {
  if (typeof value !== "object" || value === null || !("type" in value))
    return 'A fault is an object with a "type"';
  const operation = "operation" in value ? value.operation : undefined;
  const scoped = operations.find((candidate) => candidate === operation);
  if (operation !== undefined && scoped === undefined)
    return `"operation" must be one of ${operations.join(", ")}`;
  const only = scoped === undefined ? {} : { operation: scoped };
  switch (value.type) {
    case "rate_limit": {
      const seconds = "retryAfterSeconds" in value ? value.retryAfterSeconds : undefined;
      if (seconds !== undefined && !isNonNegative(seconds))
        return '"retryAfterSeconds" must be a number ≥ 0';
      return {
        type: "rate_limit",
        ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
        ...only,
      };
    }
    case "server_error": {
      const status = "status" in value ? value.status : 500;
      const known = serverErrorStatuses.find((candidate) => candidate === status);
      if (known === undefined) return `"status" must be one of ${serverErrorStatuses.join(", ")}`;
      return { type: "server_error", status: known, ...only };
    }
    case "latency": {
      const ms = "ms" in value ? value.ms : undefined;
      if (!isNonNegative(ms)) return '"ms" must be a number ≥ 0';
      return { type: "latency", ms, ...only };
    }
    case "spend_cap":
    case "content_filter":
    case "connection_reset":
    case "malformed_json":
      return { type: value.type, ...only };
    default:
      return `Unknown fault type ${JSON.stringify(value.type)}`;
  }
}

function isNonNegative(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
