import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  type ImageGenerateParams,
  type ImageResult,
  IncompleteResultError,
  type Pictor,
} from "@pictor/client";
import type { Command } from "commander";
import { UsageError } from "../cli-error";
import { type ConnectionFlags, connect } from "../connect";
import { environmentHelp } from "../environment-help";
import { integerFlag, integerOrInfinityFlag } from "../integer-flag";
import { formatSummary, formatUnsavedCost, jsonError, jsonSummary } from "../output/format";
import { inCliTerms, type RequestTerms, warningInCliTerms } from "../output/in-cli-terms";
import { createProgress } from "../output/progress";
import { checkOutputDir, expandHome, type SavedImage, saveImages } from "../output/save-images";
import { SaveImagesError } from "../output/save-images-error";
import { proxyPasswords } from "../proxy-from-env";
import type { CliIO, CommandRun } from "../run-cli";
import { retirementNote } from "./model-status";

/** Flags shared by `generate` and `edit`. */
export interface ImageFlags extends ConnectionFlags {
  model: string;
  size?: string;
  aspect?: string;
  imageSize?: string;
  quality?: string;
  seed?: number;
  n?: number;
  out: string;
  json?: boolean;
}

/**
 * The model `generate` and `edit` use when `-m` is not given: Nano Banana Pro by its current id
 * (`gemini-3-pro-image-preview` is its legacy id, same upstream and price).
 */
export const defaultModel = "gemini-3-pro-image";

/** Adds the image and connection flags to a command, and the environment they read to its help. */
export function withImageFlags(command: Command): Command {
  return command
    .option(
      "-m, --model <id>",
      "model id, e.g. bytedance/seedream-4-5 (see `pictor models`)",
      defaultModel,
    )
    .option("--size <WxH>", "output size, e.g. 2048x2048, or a tier such as 2K")
    .option("--aspect <ratio>", "aspect ratio, e.g. 16:9 (models that take one)")
    .option("--image-size <tier>", "size tier: 0.5K, 1K, 2K or 4K")
    .option("--quality <quality>", "quality: low, medium, high, ... (models that have one)")
    .option(
      "--seed <n>",
      "seed for reproducible images (models that honour one)",
      integerFlag("--seed", "42"),
    )
    .option("-n <count>", "how many images (1-10)", integerFlag("-n", "2"))
    .option("-o, --out <dir>", "folder to write the images to", ".")
    .option(
      "--json",
      'print one JSON object with the files, cost and request id (on failure {"error": {type, message, status, code, requestId, ...}})',
    )
    .option("--local", "use the built-in local gateway: no key, no network")
    .option("--api-key <key>", "gateway API key (default: LLM_GATEWAY_API_KEY)")
    .option(
      "--base-url <url>",
      "gateway base URL (default: LLM_GATEWAY_BASE_URL or the public gateway)",
    )
    .option(
      "--timeout <ms>",
      // The client's default, which applies when the flag is not given. Without a proxy the CLI
      // leaves Node's fetch its 300 s wait for headers (lifting it loads undici): see the README.
      "per-attempt timeout in milliseconds (default 600000: 10 minutes; Infinity for none); without a proxy, Node's fetch still gives a gateway only 300 s to answer",
      integerOrInfinityFlag("--timeout", "120000"),
    )
    .option(
      "--max-retries <n>",
      // The client's retry rule and default: another attempt at a spend cap or a timeout only
      // waits or pays twice, and a 501 or 505 answers the same.
      "retries after a 408, 409, throttle's 429, 5xx or lost connection; never a spend cap, 501, 505 or timeout (default 2)",
      integerFlag("--max-retries", "2"),
    )
    .addHelpText("after", environmentHelp());
}

/** Runs a generation or an edit with progress, saves the images and prints the summary. */
export async function runImageCommand(
  flags: ImageFlags,
  io: CliIO,
  /** Told what goes through a proxy, for the hints of errors. */
  run: CommandRun,
  request: (
    pictor: Pictor,
    options: { signal: AbortSignal; onResponse: (response: Response) => void },
  ) => Promise<ImageResult>,
  prompt: string,
  terms: RequestTerms,
): Promise<number> {
  if (flags.size !== undefined && flags.imageSize !== undefined) {
    throw new UsageError(
      "Give either --size or --image-size, not both (--image-size 2K is the same as --size 2K).",
    );
  }
  flags.out = expandHome(flags.out);
  const started = Date.now();
  // Before the call, so it is read even when the call fails.
  const note = retirementNote(flags.model, started);
  if (note) io.stderr.write(note);
  let phase: "checking" | "waiting" | undefined;
  // Before the spinner starts, so that --verbose's line on a proxy is not drawn over.
  const pictor = await connect(
    flags,
    io.env,
    {
      onRetry(event) {
        const reason = event.status === undefined ? "a connection error" : `HTTP ${event.status}`;
        progress.phase(
          `Retrying in ${(event.delayMs / 1000).toFixed(1)} s after ${reason} (retry ${event.retry} of ${event.maxRetries})`,
        );
      },
      // Said when the first call goes out, not before: the client may still refuse the request
      // (-n 0, an empty -m=, a size the model cannot make) and send nothing. Before it, a GET is
      // the client checking an edit's https inputs, which can take seconds.
      onFetch(kind) {
        if (phase === "waiting" || (kind === "get" && phase === "checking")) return;
        if (kind === "get") {
          phase = "checking";
          progress.phase("Checking the input image URLs");
          return;
        }
        phase = "waiting";
        progress.phase(`Waiting for ${flags.model}${flags.local ? " (local gateway)" : ""}`);
      },
      onProxy(said) {
        if (flags.verbose) io.stderr.write(said);
      },
      onProxied(proxied) {
        run.setProxied(proxied);
      },
    },
    terms.inputs,
  );
  const progress = createProgress(io.stderr, io.env, false);
  try {
    // Where the images go is checked before anything is paid for.
    await checkOutputDir(flags.out);
    let result: ImageResult;
    let failure: IncompleteResultError | undefined;
    let interrupted = false;
    // The 2xx a body broke off after: its request id names the image probably paid for.
    let answered: { status: number; requestId: string | null } | undefined;
    try {
      result = await request(pictor, {
        signal: io.signal,
        onResponse: (response) => {
          if (response.ok)
            answered = {
              status: response.status,
              requestId: response.headers.get("x-request-id"),
            };
        },
      });
    } catch (error) {
      // A body that broke off after a 2xx: the gateway was reached (no "check --base-url") and
      // has made and billed the image, which is why the client did not retry.
      if (
        answered !== undefined &&
        APIConnectionError.isInstance(error) &&
        !APITimeoutError.isInstance(error)
      ) {
        progress.stop();
        const message = inCliTerms(error.message, terms);
        const { status, requestId } = answered;
        const id = requestId ? ` (request id ${requestId})` : "";
        io.stderr.write(
          `pictor: ${message}\n  The gateway answered ${status}${id} before the connection broke: the image was probably made and paid for, so it was not retried.\n`,
        );
        const keys = [flags.apiKey, io.env.LLM_GATEWAY_API_KEY, ...proxyPasswords(io.env)];
        if (flags.json) io.stdout.write(jsonError({ type: error.name, message, requestId }, keys));
        return 1;
      }
      // A Ctrl-C part way through an -n fan-out: the images of the calls answered before it are
      // paid for, so they are saved and listed; the exit code is still 130.
      if (APIUserAbortError.isInstance(error) && error.partialResult?.images.length) {
        interrupted = true;
        result = error.partialResult;
      } else {
        // Some calls of an -n fan-out failed after others made images: those are paid for, so
        // they are saved; the failure is reported after them and the exit code is still 1.
        if (!IncompleteResultError.isInstance(error)) throw error;
        failure = error;
        result = error.partialResult;
      }
    }
    // The client's warnings speak to a library caller; printed (and in --json) in flags' terms.
    result = {
      ...result,
      warnings: result.warnings.map((warning) => warningInCliTerms(warning, terms)),
    };
    // The client asks for `n ?? 1`, as imageOptions sends it.
    const requested = flags.n ?? 1;
    // Under an interrupt, the calls it cut short.
    const failedCalls = failure?.errors.length ?? (interrupted ? result.errors.length : 0);
    // Read when the summary is printed: a Ctrl-C while saving is an interrupt too (exit 130).
    const json = (saved: readonly SavedImage[]) =>
      jsonSummary(result, saved, requested, failedCalls, interrupted || io.signal.aborted);
    if (failure && result.images.length === 0) {
      // Paid for, yet nothing to save: no "✔ 0 images" summary, only the failure and its cost.
      progress.stop();
      if (flags.json) io.stdout.write(json([]));
      io.stderr.write(
        `pictor: ${inCliTerms(failure.message, terms)}\n${formatUnsavedCost(result)}`,
      );
      return 1;
    }
    progress.phase(
      `Saving ${result.images.length} image${result.images.length === 1 ? "" : "s"} to ${flags.out}`,
    );
    // The images are paid for: a Ctrl-C from here on does not throw them away (nor leave some
    // saved behind a "no file was written"); they are saved and listed, and the exit code is 130.
    let saved: readonly SavedImage[];
    let unsaved: SaveImagesError | undefined;
    try {
      saved = await saveImages(result.images, flags.out, prompt);
    } catch (error) {
      // A full disk part way: the files saved before it are listed with what was paid.
      if (!(error instanceof SaveImagesError)) throw error;
      unsaved = error;
      saved = error.saved;
    }
    progress.stop();
    const shortfall =
      failure || unsaved || interrupted
        ? { requested, failedCalls, unsaved: unsaved?.unsaved, interrupted }
        : undefined;
    io.stdout.write(
      flags.json
        ? json(saved)
        : formatSummary(result, saved, (Date.now() - started) / 1000, shortfall),
    );
    if (failure || unsaved) {
      if (failure) io.stderr.write(`pictor: ${inCliTerms(failure.message, terms)}\n`);
      if (unsaved) io.stderr.write(`pictor: ${unsaved.message}\n`);
      return 1;
    }
    if (interrupted) {
      io.stderr.write(
        `pictor: interrupted; the ${saved.length} of ${requested} images made before it (paid for) were saved, the other calls were cancelled.\n`,
      );
      return 130;
    }
    if (io.signal.aborted) {
      io.stderr.write("pictor: interrupted after the images were made; they were saved.\n");
      return 130;
    }
    return 0;
  } finally {
    progress.stop();
  }
}

/** What errors of this run name instead of wire fields: its command, inputs and size flag. */
export function requestTerms(
  command: RequestTerms["command"],
  inputs: readonly string[],
  flags: ImageFlags,
): RequestTerms {
  return { command, inputs, sizeFlag: flags.imageSize !== undefined ? "--image-size" : "--size" };
}

/** The shared options object for `images.generate` / `images.edit` from the flags. */
export function imageOptions(flags: ImageFlags) {
  return {
    model: flags.model,
    size: flags.size ?? flags.imageSize,
    aspect_ratio: flags.aspect,
    // Any string from the terminal: the client checks it against the model and names the valid values.
    quality: flags.quality as ImageGenerateParams["quality"],
    seed: flags.seed,
    n: flags.n,
  };
}
