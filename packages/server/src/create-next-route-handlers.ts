import type { PictorHandler } from "./pictor-handler-options";

/**
 * The route exports of a Next.js App Router catch-all route (`app/api/pictor/[...path]/route.ts`):
 * `GET` serves `…/models` (and HEAD, which Next answers with the `GET` export), `POST` the rest.
 * Next passes a `Request`, which is all the handler reads.
 * @example
 * export const { GET, POST } = createNextRouteHandlers(handler);
 */
export function createNextRouteHandlers(handler: PictorHandler): {
  GET: PictorHandler;
  POST: PictorHandler;
} {
  // Wrapped so Next's second argument (the route params) never reaches the handler.
  const route: PictorHandler = (request) => handler(request);
  return { GET: route, POST: route };
}
