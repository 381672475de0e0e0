/**
 * @pictor/mock: a faithful local LLM Gateway. `createMockGateway()` is a Web-standard
 * `fetch` handler; `@pictor/mock/msw` adapts it to msw and `@pictor/mock/node` serves it over HTTP.
 */

export type { Fault, FaultType, OperationId, ScriptedFault } from "./faults/fault";
export type { FaultController, FaultRate } from "./faults/fault-controller";
export { MockConnectionReset } from "./gateway/connection-reset";
export {
  createMockGateway,
  type MockGateway,
  type MockGatewayOptions,
} from "./gateway/create-mock-gateway";
export type { RateLimit } from "./gateway/rate-limiter";
export type { RecordedCall } from "./gateway/recorded-call";
export type { ImageHeader, ImageMediaType } from "./image";
export {
  decodeBase64,
  encodeBase64,
  parseDataUrl,
  readImageHeader,
  renderPromptImage,
} from "./image";
export type { ImageUrlResolver } from "./operations/input-images";
