/** The Node entry of @pictor/server: serve a handler on `node:http`. */
export { type NodeListener, toNodeListener } from "./to-node-listener";
