// The gateway's error format, shared with @pictor/mock, so the browser's `Pictor` client maps the
// handler's own errors to its error classes exactly as it maps the gateway's.
export {
  type GatewayErrorFields,
  gatewayErrorObject,
  gatewayErrorResponse,
} from "@pictor/contract";
