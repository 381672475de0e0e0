/** msw adapter of the mock gateway: `handlers(gateway, { baseURL })` for Node and the browser. */
export { type HandlersOptions, handlers } from "./handlers";
