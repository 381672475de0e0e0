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

/**
 * The route a URL path ends with, whatever it is mounted under (`/api/pictor/models`,
 * `/v1/models`), so one handler serves a catch-all route of any framework.
 */
export function matchRoute(pathname: string): Route | undefined {
  const path = pathname.replace(/\/+$/, "");
  // Each route path starts with a slash, so a match ends on a segment boundary: `/xmodels` is not `/models`.
  return routes.find((route) => path.endsWith(route.path));
}
