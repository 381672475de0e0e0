// A script as a user runs it (its own Node process, ending when nothing is left to do): one
// call against the mock gateway behind msw, then it prints how the call ended.
// `stalled`: the gateway never answers (msw's `delay("infinite")`, whose timer keeps no process
// alive), with a 300 ms timeout; `answered`: the gateway answers, with the default timeout;
// `forwarded`: a chat stream whose body never sends data is turned into `toReadableStream()`
// and handed on, never read (the consumer's to read, not Pictor's to wait for).
import { createMockGateway } from "@pictor/mock";
import { handlers } from "@pictor/mock/msw";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { Pictor } from "../pictor";
import { apiKey, baseURL } from "./mock-gateway";

const mode = process.argv[2];
const server = setupServer(
  ...(mode === "stalled"
    ? [http.post(`${baseURL}/images/generations`, () => delay("infinite"))]
    : []),
  ...(mode === "forwarded"
    ? [
        http.post(
          `${baseURL}/chat/completions`,
          () =>
            new HttpResponse(new ReadableStream({}), {
              headers: { "content-type": "text/event-stream" },
            }),
        ),
      ]
    : []),
  ...handlers(createMockGateway({ apiKeys: [apiKey] }), { baseURL }),
);
server.listen({ onUnhandledRequest: "error" });
const pictor = new Pictor({
  apiKey,
  baseURL,
  maxRetries: 0,
  ...(mode === "stalled" && { timeout: 300 }),
});
try {
  if (mode === "forwarded") {
    const stream = await pictor.chat.completions.create({
      model: "gemini-3-pro-image-preview",
      messages: [{ role: "user", content: "A cozy cabin" }],
      stream: true,
    });
    stream.toReadableStream();
    console.log("forwarded");
  } else {
    const { images } = await pictor.images.generate({
      model: "bytedance/seedream-4-5",
      prompt: "A cozy cabin",
    });
    console.log(`generated ${images.length}`);
  }
} catch (error) {
  console.log(error instanceof Error ? error.name : String(error));
}
// msw's interceptors are left in place: what keeps the process alive must be Pictor's alone.
