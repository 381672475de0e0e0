import type { Fault, FaultType, MockGateway, OperationId, ScriptedFault } from "@pictor/mock";
import { errorResponse } from "./json-response";

// Keyed by the mock's own types: a fault type or operation the mock adds fails the typecheck
// here until the route takes it too.
const operationNames: Record<OperationId, true> = {
  generateImages: true,
  editImages: true,
  createChatCompletion: true,
  listModels: true,
};
const operations = Object.keys(operationNames) as OperationId[];
const serverErrorStatuses = [500, 502, 503, 504, 529] as const;

/** A fault's fields as posted (an object with a known "type"). */
type Posted = Record<string, unknown>;

/** Reads each fault type's fields from a posted object: the fault, or why it is not one. */
const faultParsers: { [T in FaultType]: (value: Posted) => Extract<Fault, { type: T }> | string } =
  {
    rate_limit(value) {
      const { retryAfterSeconds, retryAfterMs, retryAfterDate } = value;
      if (retryAfterSeconds !== undefined && !isNonNegative(retryAfterSeconds))
        return '"retryAfterSeconds" must be a number ≥ 0';
      if (retryAfterMs !== undefined && !isNonNegative(retryAfterMs))
        return '"retryAfterMs" must be a number ≥ 0';
      if (retryAfterDate !== undefined && typeof retryAfterDate !== "boolean")
        return '"retryAfterDate" must be true or false';
      return {
        type: "rate_limit",
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...(retryAfterDate === undefined ? {} : { retryAfterDate }),
      };
    },
    server_error(value) {
      const status = value.status ?? 500;
      const known = serverErrorStatuses.find((candidate) => candidate === status);
      if (known === undefined) return `"status" must be one of ${serverErrorStatuses.join(", ")}`;
      return { type: "server_error", status: known };
    },
    latency(value) {
      if (!isNonNegative(value.ms)) return '"ms" must be a number ≥ 0';
      return { type: "latency", ms: value.ms };
    },
    stream_error(value) {
      const { message } = value;
      if (message !== undefined && typeof message !== "string") return '"message" must be a string';
      return { type: "stream_error", ...(message === undefined ? {} : { message }) };
    },
    spend_cap(value) {
      const { status } = value;
      if (status === undefined) return { type: "spend_cap" };
      if (status !== 402 && status !== 429) return '"status" must be 402 or 429';
      return { type: "spend_cap", status };
    },
    content_filter: () => ({ type: "content_filter" }),
    no_images: () => ({ type: "no_images" }),
    connection_reset: () => ({ type: "connection_reset" }),
    truncated_body: () => ({ type: "truncated_body" }),
    truncated_stream: () => ({ type: "truncated_stream" }),
    malformed_json: () => ({ type: "malformed_json" }),
  };
const faultTypes = Object.keys(faultParsers) as FaultType[];

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

/** The fault, or why it is not one. Every fault type `@pictor/mock` has is accepted. */
function parseFault(value: unknown): ScriptedFault | string {
  if (typeof value !== "object" || value === null || !("type" in value))
    return 'A fault is an object with a "type"';
  const posted: Posted = { ...value };
  const operation = posted.operation;
  const scoped = operations.find((candidate) => candidate === operation);
  if (operation !== undefined && scoped === undefined)
    return `"operation" must be one of ${operations.join(", ")}`;
  const type = faultTypes.find((candidate) => candidate === posted.type);
  if (type === undefined)
    return `Unknown fault type ${JSON.stringify(posted.type)}: use one of ${faultTypes.join(", ")}`;
  const fault = faultParsers[type](posted);
  if (typeof fault === "string") return fault;
  return scoped === undefined ? fault : { ...fault, operation: scoped };
}

function isNonNegative(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
