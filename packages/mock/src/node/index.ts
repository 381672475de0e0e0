/**
 * `@pictor/mock/node`: the mock gateway served over real HTTP on node:http (through srvx), for
 * clients that cannot be intercepted in-process (other processes, other languages, curl).
 */
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type FetchHandler,
  type ListenOptions,
  listen,
  type MockServer,
} from "./listen";
