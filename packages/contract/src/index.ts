/**
 * @pictor/contract: the LLM Gateway wire contract, generated from `spec/`.
 * Types, zod schemas and lean validators (zod-free, for browser bundles) of every request and
 * response, and the typed image-model catalog.
 * The raw openapi-typescript `paths`/`components` live on the `@pictor/contract/openapi` subpath.
 */
export * from "./catalog";
export { fanOutSeed } from "./fan-out-seed";
export { publicGatewayBaseURL, readEnv } from "./gateway-defaults";
export { gatewayQuality } from "./gateway-quality";
export type {
  CatalogImageModelId,
  CatalogModel,
  ChatEndpointOption,
  ImageModelEntry,
  ImageModelId,
  ImageModelRules,
  ImageSizeTier,
  ImagesEndpointOption,
  KnownImageModelId,
  Pricing,
  SizeRule,
} from "./generated/models";
export { imageModelIds, imageModels } from "./generated/models";
export * from "./generated/schemas";
export type * from "./generated/types";
export * from "./generated/validators";
export * from "./image-cost";
export * from "./image-dimensions";
export * from "./image-option-problems";
export { nearMiss, unknownKey } from "./known-keys";
export { nearestImageModelId } from "./nearest-image-model-id";
export { describeSchemaIssues, type SchemaIssue } from "./schema-issues";
export { parseSize, sizeRuleViolations } from "./size-rules";
export { usageCostUsd } from "./usage-cost";
export { decodeBase64, encodeBase64, isBase64, parseDataUrl, splitDataUrl } from "./wire/base64";
export { byteView } from "./wire/byte-view";
export { concatBytes } from "./wire/concat-bytes";
export { credentialsOf, isCredentialHeader } from "./wire/credential-header";
export {
  type GatewayErrorFields,
  gatewayErrorObject,
  gatewayErrorResponse,
  readGatewayError,
  readServerError,
} from "./wire/gateway-error";
export { trimHttpWhitespace } from "./wire/http-whitespace";
export { type ImageHeader, type ImageMediaType, readImageHeader } from "./wire/image-header";
export {
  inputImageFormats,
  type OtherImageMediaType,
  otherImageMediaType,
} from "./wire/other-image-type";
export { isQuotableBaseURL } from "./wire/quotable-base-url";
export { type CappedBody, readCappedBody } from "./wire/read-capped-body";
export { type CappedJson, readCappedJson } from "./wire/read-capped-json";
export { redacted, redactText } from "./wire/redact-text";
export { isValid, type SchemaNode, type Validator, validate } from "./wire/validate";
export { wrongValue } from "./wrong-value";
