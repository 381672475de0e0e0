// The gateway's error format is shared with @pictor/server: both answer as the gateway does.
export {
  type GatewayErrorFields,
  gatewayErrorObject as errorObject,
  gatewayErrorResponse as gatewayError,
} from "@pictor/contract";
