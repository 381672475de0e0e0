// The browser bundle of a program that generates one image, request validation and the model
// catalog included, measured by `bench/client/bundle.ts` two ways: the issue's way (esbuild,
// minified, one file) and what a Vite app's page loads at start (code splitting on).
// The issue's target is 15 kB gzipped; it is NOT met yet. Until it is, these tests are
// regression budgets just above today's figures, so the bundle cannot silently grow.
// History of the one-file figure: 31.6 kB before the client validated with the generated lean
// validators instead of zod and before openapi-fetch moved behind `rawClient` (ADR 0008);
// 26.7 kB, then 29.3 kB with the eighth session's checks of bad input (budget 29.5 kB); 30.4 kB
// since chat, the model list and edit inputs load on first use (ADR 0010): one file keeps them
// whole and adds esbuild's lazy-init wrappers (+1.1 kB), while a Vite app's start fell from
// 28.6 kB to 23.4 kB. Then 31.0 kB and 23.7 kB with the ninth session's fixes from audits of
// streaming (what servers send besides chunks: +0.25 kB, in the chat chunk) and of retries (a
// strict Retry-After, keys cleaned from body-read errors: +0.3 kB at start). Then a Vite start
// of 22.1 kB once the route of image calls through chat loads on first use too, and the
// generated validators are one file per group of operations (a bundler puts a whole module in
// one chunk: the chat and model-list validators had stayed in the start). Then 31.4 kB and
// 22.4 kB with a Node fetch's own headers timeout told apart (not retried, and said so). Then
// 32.0 kB and 22.7 kB with the tenth session's fixes from audits of results: a call routed through
// chat keeps what it paid for when an image download fails, the image reader stays linear on
// escaped base64, each image names its request, a 5xx body is kept through a fan-out's backoff,
// cost estimates follow the tier asked for and the tokens reported, usage missing from some calls
// of a fan-out is said (22.8 kB).
// Then 32.7 kB and 22.9 kB with the eleventh session's audit fixes: stream errors redacted of
// the key, a flowing stream not cut at the timeout, finalMessage of the first choice only, a
// final [DONE] without its blank line, signals joined without AbortSignal.any, and edit inputs
// (whitespace in data URLs, base64url, detached and cross-realm bytes, unreadable Blobs, URLs
// with credentials, a GeneratedImage over the size limit). Then 32.9 kB with HEIC, AVIF, SVG, BMP
// and TIFF inputs named in their refusal. Then 33.1 kB with the twelfth session's fixes from the
// audit of inputs (over-size base64 told from its length, URL objects and spaces around URLs, a
// caller's abort while inputs are read) and 33.15 kB (Vite start 22.9 kB) with the warning for
// style, background, input_fidelity and output_compression, which the gateway only adds to the
// prompt: they were sent without a word that no model takes them. Then 33.4 kB and a Vite start
// of 23.0 kB with Grok Imagine's estimate priced by the gateway's own keys (quality, and the
// 1536 px line) and an assistant's earlier images sent as content parts (the gateway drops a
// message's `images`), then 33.5 kB and 23.1 kB with the warning for images beyond `n`. Then
// 33.6 kB and 23.3 kB (+0.16 kB each) with the refusal of a WIDTHxHEIGHT size and an aspect ratio
// of other shapes on Grok Imagine, the one model that takes both: the gateway sends the ratio and
// makes of the size only a resolution, so the image came out of neither shape without a word.
// Then 33.74 kB and 23.34 kB with the key's percent-encoded and `\/` forms redacted from errors.
// Then 33.79 kB and 23.38 kB with a GeneratedImage built on shared memory keeping a copy, so that
// `bytes()` is typed and is a view of an ArrayBuffer (what Blob, Response and crypto.subtle take).
// Then 33.81 kB with the resolution an `overridden` problem carries for the mock, the server
// and the AI SDK (`sentAs`). Then 33.87 kB and 23.46 kB with the key a gateway or a proxy echoes
// in a response header redacted from API errors' headers, and 33.94 kB and 23.54 kB with it
// redacted from the responses `onResponse` and a stream hand out. Then 34.16 kB (+0.22 kB, all in the edit
// inputs' chunk: a Vite start unchanged) with an object URL (`blob:`, what @pictor/react's
// `images[i].url` is) read as an input image, and a refusal of other text that says what is
// taken. Then 23.62 kB at a Vite start (+19 B) with no key advice on a 401 of @pictor/server's
// `authorize` (a page has no key). Then 34.36 kB and 23.69 kB with a stream's timeout counting
// only its waits for data, never its consumer's time with a chunk. Then 34.66 kB (+0.3 kB, in the
// chat chunk) with finalMessage() after or beside a loop, and 34.94 kB (+0.28 kB, its own chunk
// and the chat chunk) with IncompleteMessageError, which keeps the URLs of a streamed turn's
// images when a download fails. A Vite start of 23.70 kB: the start names the chunks it loads on
// first use by their content hashes, whose gzip size moves by a few bytes. Then 35.39 kB (+0.46 kB,
// all in the chat chunk: a Vite start unchanged) with a stream's tee() and
// ChatCompletionStream.fromReadableStream(), for a page that reads a route's forwarded stream.
// Then 35.49 kB (+89 B, in the chat chunks) with imagesOf() downloading every image when one
// fails and throwing IncompleteMessageError with their URLs (the stream's download shared with
// it); a Vite start of 23.72 kB, only the lazy chunks' content hashes in its names moving. Then
// 35.5 kB (+8 B, in the chat route's chunk) with an image call through chat keeping the URLs of
// the images it could not download (IncompleteMessageError in IncompleteResultError.errors).
// Then 35.56 kB (+60 B, in the chat chunk: a Vite start unchanged) with finalMessage() awaited
// inside a stream's loop reading the rest ahead instead of waiting for the loop for ever.
// Then 35.7 kB (+142 B, in the edit inputs' chunk: a Vite start unchanged) with HEIC, HEIF,
// AVIF, BMP and TIFF inputs sent with their media type, as the gateway passes them on.
// Then 23.74 kB at a Vite start (+22 B) with a partial result's warning saying why its first
// call failed (all an AI SDK user sees) and every failed call's error in `result.errors`.
// Then 35.747 kB (+8 B, in the chat chunk: a Vite start unchanged) with a loop left (or a
// forwarded stream cancelled) after finalMessage() read the rest ahead no longer aborting the
// turn's image downloads. Then 35.764 kB (+17 B, in the chat chunk) with abort() or the
// request's signal ending a loop at once, not after the chunks a finalMessage() read ahead for
// it. Then 35.81 kB (+47 B, in the edit inputs' chunk: a Vite start unchanged) with an edit's
// quality "standard" or "hd" sent as the gateway reads them, not refused by /images/edits.
// Then 35.85 kB (+39 B, in the edit inputs' chunk) with an AVIF told by its compatible brands
// when its major brand is the generic mif1. Then 35.915 kB (+55 B) and 23.78 kB at a Vite start
// (+35 B) with a content-filtered call's cost carried on its ContentFilterError and counted in a
// fan-out's result.cost. Then 35.965 kB (+50 B, in the chat route's chunk: a Vite start unchanged)
// with a fan-out's seed wrapping to 0 past 2³¹ − 1. Then 35.978 kB (+13 B, in the chat chunk)
// with a stream error sent as a string read as an APIError. Then 36.145 kB (+165 B) and 24.04 kB
// at a Vite start (+262 B) with an audit's error fixes: a key in an x-api-key or Authorization
// header counted as a key, OpenAI-compatible error shapes (vLLM, TGI, FastAPI) read, a connection
// error saying why (ECONNREFUSED), a fetch's own timeout not retried, an empty gateway message, a
// 200 HTML page naming baseURL, a non-JSON body redacted before its cut. Budgets 36.15 kB and
// 24.05 kB. Then 24.053 kB at a Vite start (+11 B: the chat chunk imports `errorFrom`) with a
// route's forwarded error read as the client reads an error answer; budget 24.06 kB. Then 24.066
// kB (+13 B) with a Node framework's error message read before its `error` (the status's name);
// budget 24.07 kB. Then 24.07 kB (+4 B) with that reading moved to @pictor/contract
// (`readServerError`, which @pictor/server shares); budget 24.08 kB. Then 36.154 kB (+12 B) with
// a blank x-api-key or Authorization header no longer counted as a key; budget 36.16 kB. Then a
// Vite start of 24.086 kB (+14 B, the chat chunks' hashes in its names) with a mid-stream error in
// another server's words (FastAPI's `detail`) read as create()'s errors are; budget 24.09 kB.
// Then 36.226 kB and 24.092 kB with the nineteenth session's audit fixes: a chat request's image
// options beside image_config refused (+94 B, in the chat chunk), bytes from another realm read
// as an image, a DOMException from another realm told as a timeout, an env variable Deno may not
// read taken as unset. Budgets 36.23 kB and 24.10 kB. Then 36.306 kB (+80 B, in the chat route's
// chunk: a Vite start unchanged) with an image call through chat answered with text and no image,
// which no filter stopped, failing with the model's words instead of a ContentFilterError; budget
// 36.31 kB. Then 36.312 kB (+6 B, module order) with isCredentialHeader and credentialsOf moved to
// @pictor/contract, which @pictor/server shares (a session cookie redacted whole there too);
// budget 36.32 kB. Then a Vite start of 24.101 kB (+4 B) with `rawClient`'s timeout (what
// @pictor/server forwards through) and a chat image's download timed by an unref'd timer, not
// by `AbortSignal.timeout`, whose abort listeners kept a Deno process alive for ten minutes after
// the handler answered; budget 24.11 kB. Then 36.34 kB (+17 B) and 24.16 kB (+60 B, `validated`'s
// reading moved to the start with the chat chunk's `statusOfCode`) with an error a server sends
// in a 200 (OpenRouter's) thrown as the API error of its status, not a ResponseValidationError.
// Then 36.376 kB and 24.193 kB (+36 B each, mostly the generated validators' `nl: 1`) with null
// read as absent in the optional fields of chat and image answers (vLLM's
// `prompt_tokens_details: null`, LiteLLM's null counts); budgets 36.38 kB and 24.20 kB. Then
// 36.712 kB and 24.394 kB with the twentieth session's other client fixes: a key in a page's
// worker refused without dangerouslyAllowBrowser, any typed array or DataView read as bytes, a
// size refused on a pixel-rule model with the rule and sizes that fit it (+122 B, +119 B at
// start), more than 4 stop sequences said so (chat chunk), an edit's https check bounded by the
// call's timeout (edit inputs' chunk), retryAfterMs on every APIError. Budgets 36.72 kB and
// 24.40 kB. Then 24.401 kB at a Vite start (+7 B) with an error in a 200 read by the status its
// `details.statusCode` names, as in a chat stream; budget 24.41 kB. Then 36.945 kB and 24.592 kB
// (+233 B and +191 B) with the twenty-first session's fixes: an error's status sent in a 200 or
// a stream read by one rule, `timeout: Infinity` taken as no timeout, a JWT set as the baseURL not
// echoed, the caller's `AbortSignal.timeout()` named in its APIUserAbortError, sizes over a limit
// rounded up, a 529's code `overloaded`, and the secret audit's: a fetch error holding the
// Request (ky, ofetch) or headers under a symbol not kept as a cause, nor one nested too deep to
// read, a header line given as a header name not quoted. Budgets 36.95 kB and 24.60 kB. Then
// 36.962 kB and 24.607 kB (+17 B and +15 B) with the review's fixes: a header line without its
// colon quoted only up to the space, and `rawClient`'s error of an empty body left undefined;
// budgets 36.97 kB and 24.62 kB. Then 37.062 kB and 24.715 kB (+100 B and +108 B) with the
// twenty-second session's: a fan-out whose every call was filtered throws one ContentFilterError
// with the calls' summed cost, and an abort part way through a fan-out keeps what was made on
// APIUserAbortError.partialResult; budgets 37.07 kB and 24.72 kB. Then 37.250 kB and 24.924 kB
// (+188 B and +209 B) with the twenty-third session's: a billed filtered call's cost kept beside
// another failure or an abort, an edit through chat held to the model's own input limit, a
// spend-cap 429 not retried, an empty prompt named, LLM Gateway's host without /v1 refused at
// construction; budgets 37.27 kB and 24.94 kB. Then 37.317 kB and 24.994 kB (+67 B and +70 B)
// with a proxy's Basic credentials redacted decoded and a filtered fan-out's request ids kept;
// budgets 37.33 kB and 25.00 kB.
// Twenty-fifth session: 38.549 kB and 25.662 kB (+922 B and +380 B) with a model id typo's 404
// saying the catalog id meant, past a provider prefix the gateway lacks too (the search on the
// first 404 only), `messages` given to images.generate pointing to chat, a number `size` named as
// one, openai-node's `response_format`/`mask`/`defaultHeaders`/`httpAgent` and stream inputs
// saying what to do instead, per-call `fetchOptions` (and a message per field it must not set), a
// chat stream's weak link to the caller's signal (chat chunk); budgets 38.56 kB and 25.67 kB.
// Twenty-sixth session: 39.020 kB and 25.901 kB (+471 B and +239 B) with `readEnv` and the public
// URL shared from @pictor/contract (+46 B: one more lazily initialised module), a number or null
// given for size, aspect_ratio, quality, style, moderation and the like said to be one with the
// model's values (chat's image_config too, in the chat chunk), "Did you mean" before the request
// id, and the attempt timer keeping a script alive while it waits on a fetch that holds no
// socket; budgets 39.04 kB and 25.92 kB.
// Twenty-seventh session: 39.046 kB and 25.906 kB (+26 B and +5 B) with chat's image_quality and
// moderation given null or a number said so as the image options are (chat chunk), and null for
// an option the model ignores said to be ignored; budget 39.06 kB.
// `packages/client/.size-limit.js` measures the one file again.
import { expect, it } from "vitest";
import { measureBundle, measureViteApp } from "../../../bench/client/bundle";

/** The issue's target (1 kB = 1,000 bytes), printed beside each figure so the miss stays visible. */
const targetBytes = 15_000;

/** `"29.3 kB (target 15 kB: missed)"`. */
function versusTarget(gzipBytes: number): string {
  return `${(gzipBytes / 1000).toFixed(1)} kB gzip (target ${targetBytes / 1000} kB: ${gzipBytes <= targetBytes ? "met" : "missed"})`;
}

it("one file (esbuild, minified): the program that generates one image stays within 39.06 kB gzipped", async () => {
  const size = await measureBundle();
  const largest = size.inputs.slice(0, 5).map(({ path, bytes }) => `${bytes} B ${path}`);
  console.log(
    `browser bundle, one file: ${versusTarget(size.gzipBytes)}; largest inputs (minified bytes): ${largest.join(", ")}`,
  );
  expect(size.gzipBytes, "gzipped bytes of the one-file bundle").toBeLessThanOrEqual(39_060);
}, 60_000);

it("Vite app: the page that generates one image loads at most 25.92 kB gzipped at start; chat, models, edits and the chat route come on first use", async () => {
  const app = await measureViteApp();
  console.log(
    `browser bundle, Vite app start: ${versusTarget(app.initialGzipBytes)}; loaded on first use: ${app.lazy.map((chunk) => `${chunk.name} ${chunk.gzipBytes} B`).join(", ")}`,
  );
  expect(app.initialGzipBytes, "gzipped bytes the page loads at start").toBeLessThanOrEqual(25_920);
  // What an app that only generates images never downloads: if one of these came back into the
  // start, the budget above would hide it for a while, this would not.
  expect(app.lazy.map((chunk) => chunk.name)).toEqual(
    expect.arrayContaining([
      "create-chat-completion",
      "edit-inputs",
      "list-models",
      "image-call-via-chat",
      "chat",
    ]),
  );
}, 60_000);
