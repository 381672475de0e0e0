/** The raw openapi-typescript output (`paths`, `components`, `operations`) for openapi-fetch and tooling. */
export type { components, operations, paths, webhooks } from "./generated/openapi";
