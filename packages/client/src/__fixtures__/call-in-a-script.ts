// A script as a user runs it (its own Node process, ending when nothing is left to do): one
// images.generate against the mock gateway behind msw, then it prints how the call ended.
// `stalled`: the gateway never answers (msw's `delay("infinite")`, whose timer keeps no process
// alive), with a 300 ms timeout; `answered`: the gateway answers, with the default timeout.
import { createMockGateway } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { delay, http } from "msw";
import { setupServer } from "msw/node";
import { Pictor } from "../pictor";
import { apiKey, baseURL } from "./mock-gateway";

const stalled = process.argv[2] === "stalled";
const server = setupServer(
  ...(stalled ? [http.post(`${baseURL}/images/generations`, () => delay("infinite"))] : []),
  ...handlers(createMockGateway({ apiKeys: [apiKey] }), { baseURL }),
);
server.listen({ onUnhandledRequest: "error" });
const pictor = new Pictor({ apiKey, baseURL, maxRetries: 0, ...(stalled && { timeout: 300 }) });
try {
  const { images } = await pictor.images.generate({
    model: "bytedance/seedream-4-5",
    prompt: "A cozy cabin",
  });
  console.log(`generated ${images.length}`);
} catch (error) {
  console.log(error instanceof Error ? error.name : String(error));
}
// msw's interceptors are left in place: what keeps the process alive must be Pictor's alone.
