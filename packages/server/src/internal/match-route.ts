import type { PictorOperation } from "../pictor-handler-options";

/** One gateway route the handler serves: its path on the gateway, method and operation. */
export interface Route {
  path: "/images/generations" | "/images/edits" | "/chat/completions" | "/models";
  method: "GET" | "POST";
  operation: PictorOperation;
}

const routes: readonly Route[] = [
  { path: "/images/generations", method: "POST", operation: "generate" },
  { path: "/images/edits", method: "POST", operation: "edit" },
  { path: "/chat/completions", method: "POST", operation: "chat" },
  { path: "/models", method: "GET", operation: "models" },
];

/** The operations the handler serves, which `policy.allowedOperations` may name. */
export const operations: readonly PictorOperation[] = routes.map((route) => route.operation);

/**
 * The route a URL path ends with, whatever it is mounted under (`/api/pictor/models`,
 * `/v1/models`), so one handler serves a catch-all route of any framework.
 */
export function matchRoute(pathname: string): Route | undefined {
  // Trailing slashes are cut by a scan: `/\/+$/` is quadratic on a run of slashes that does not
  // end the path (`//…//x`), a CPU cost any client could make the server pay, before `authorize`.
  let end = pathname.length;
  while (end > 0 && pathname.charCodeAt(end - 1) === 0x2f) end--;
  const path = pathname.slice(0, end);
  // Each route path starts with a slash, so a match ends on a segment boundary: `/xmodels` is not `/models`.
  return routes.find((route) => path.endsWith(route.path));
}

/**
 * The `Allow` of a 405 at `route`: its method (GET with HEAD); without a route, every method the
 * handler serves on one of its paths.
 */
export function allowedMethods(route: Route | undefined): string {
  if (!route) return "GET, HEAD, POST";
  return route.method === "GET" ? "GET, HEAD" : route.method;
}
