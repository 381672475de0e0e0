import type { PictorWarning } from "@pictor/client";

/** What a run of `generate` or `edit` was given, to name wire fields by the flags and inputs that set them. */
export interface RequestTerms {
  command: "generate" | "edit";
  /** The input images as typed (files, URLs), in order: `images.1` is the second. */
  inputs: readonly string[];
  /** The flag that set the request's `size`: `--image-size 2K` is sent as size too. */
  sizeFlag: "--size" | "--image-size";
}

/**
 * The client's (and the gateway's) advice in the command line's terms: they name methods,
 * options and fields, where a user of `pictor` has flags and commands.
 */
const cliTerms: readonly (readonly [RegExp | string, string])[] = [
  ["pictor.models.list() lists them", "`pictor models` lists them"],
  ["pictor.models.list() lists the current ones", "`pictor models` lists the current ones"],
  ["GET /v1/models lists the image models", "`pictor models` lists the image models"],
  ["send credentials as apiKey or headers", "pass the key with --api-key"],
  ["Check LLM_GATEWAY_API_KEY or the `apiKey` option.", "Check --api-key or LLM_GATEWAY_API_KEY."],
  ["raise the `timeout` option (client or per call)", "raise --timeout (milliseconds)"],
  // Undici's wait for an answer's headers, cut short: a library's remedy, none of a flag's. The
  // CLI lifts that wait only behind a proxy (its own dispatcher); without one, Node's stands.
  [
    /For slower models lift that timeout \(on Node: fetchOptions: .*, Agent from undici\)/,
    "Without a proxy, Node's fetch gives a gateway 300 s to answer, whatever --timeout says (see the README)",
  ],
  [/^timeout must be/, "--timeout must be"],
  [/^maxRetries must be/, "--max-retries must be"],
  ["check that baseURL points at", "check that --base-url (or LLM_GATEWAY_BASE_URL) points at"],
  ["set the shape with size instead", "set the shape with --size instead"],
  // IncompleteResultError's advice to a library caller: the CLI saves what was made anyway.
  [' (partialResults: "return" returns them)', ""],
  // A refusal's list names the request's fields ("  - size: …"): the flags that set them.
  [/^( {2}- )size:/gm, "$1--size:"],
  // The client's message for n names it again ("n: n must be …"): the flag, said once.
  [/^( {2}- )n: n must be\b/gm, "$1-n must be"],
  [/^( {2}- )n:/gm, "$1-n:"],
  [/^( {2}- )quality:/gm, "$1--quality:"],
  [/^( {2}- )seed:/gm, "$1--seed:"],
  [/^( {2}- )model:/gm, "$1--model:"],
  // Fields of chat's image_config (a call with --seed goes there), as the flags that set them.
  [/\bimage_config\.aspect_ratio\b/g, "--aspect"],
  [/\bimage_config\.image_quality\b/g, "--quality"],
  [/\b(ignores|has no quality setting;) quality\b/g, "$1 --quality"],
  [/\baspect_ratio\b/g, "--aspect"],
  [/\bimage_size\b/g, "--image-size"],
];

/**
 * `message` with the request's wire fields named as the user gave them: `images.1` (the client's
 * path) and `images[1].image_url` (the gateway's) as "the 2nd image (dog.png)", `prompt` as the
 * prompt argument or `--prompt`, chat's `image_config.image_size` as the size flag used. Only
 * what maps for certain is renamed; every other word is left as it is.
 */
export function inCliTerms(message: string, request?: RequestTerms): string {
  let text = message;
  if (request) {
    text = text
      .replace(
        /\bimages(?:\[(\d+)\]|\.(\d+))(?:\.image_url(?:\.url)?)?(?![\w.[])/g,
        (wire, bracket, dot) => inputName(Number(bracket ?? dot), request.inputs, wire),
      )
      // The client's messages for these name the field again ("prompt: prompt is empty", and
      // "images: images needs …, e.g. images: [image]", a library's syntax): said once, as typed.
      .replace(
        /^( {2}- )images: images needs at least one input image\b.*$/gm,
        "$1at least one input image is needed: name an image file or an https URL",
      )
      .replace(
        /^( {2}- )prompt: prompt is\b/gm,
        request.command === "edit" ? "$1--prompt is" : "$1the prompt is",
      )
      .replace(/^( {2}- )images:/gm, "$1the input images:")
      .replace(/^( {2}- )prompt:/gm, request.command === "edit" ? "$1--prompt:" : "$1the prompt:")
      .replace(/\b(?:image_config\.)?image_size\b/g, request.sizeFlag)
      .replace(/^( {2}- )size:/gm, `$1${request.sizeFlag}:`)
      .replace(/\b(ignores|the resolution from) size\b/g, `$1 ${request.sizeFlag}`);
  }
  for (const [from, to] of cliTerms)
    text = typeof from === "string" ? text.replaceAll(from, to) : text.replace(from, to);
  return text;
}

/**
 * What a warning's type says for certain is named in the command line's terms: the client
 * writes them for a library caller (`n=3`, `try pictor.chat.completions.create`). The type is
 * kept, and so is every fact of the message.
 */
export function warningInCliTerms(warning: PictorWarning, request: RequestTerms): PictorWarning {
  let text = warning.message;
  if (warning.type === "fan-out") text = text.replace(/\bn=(\d+)/, "-n $1");
  if (warning.type === "ignored-option") text = text.replace(/\bfor n: (\d+)/, "for -n $1");
  if (warning.type === "routed-through-chat")
    text = text.replace(
      "honours seed only through chat completions' image_config",
      "honours --seed only through chat completions",
    );
  if (warning.type === "unsent-option")
    text = text
      .replace(/^seed was not sent\b/, "--seed was not sent")
      .replace(
        " (try pictor.chat.completions.create with image_config.seed)",
        " (pictor sends --seed to the catalog's models that honour one; `pictor models` lists the catalog)",
      );
  // "images.1 (https://…) was sent unchecked": the URL as the client shows it (no secrets in it).
  if (warning.type === "unverified-input")
    text = text.replace(
      /^images\.(\d+) \(/,
      (_wire, index) => `the ${ordinal(Number(index) + 1)} image (`,
    );
  return { type: warning.type, message: inCliTerms(text, request) };
}

/** "the 2nd image (dog.png)"; the wire path as it was when there is no such input. */
function inputName(index: number, inputs: readonly string[], wire: string): string {
  const input = inputs[index];
  if (input === undefined) return wire;
  // A data URL typed on the command line can be megabytes: its start says which one it is.
  const shown = input.length > 60 ? `${input.slice(0, 57)}…` : input;
  return `the ${ordinal(index + 1)} image (${shown})`;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(position: number): string {
  const tens = position % 100;
  if (tens >= 11 && tens <= 13) return `${position}th`;
  const suffix = ["th", "st", "nd", "rd"][position % 10] ?? "th";
  return `${position}${suffix}`;
}
