import { concatBytes } from "@pictor/contract";
import { bytesRedactor } from "./redact-secret";

const lineFeed = 0x0a;
const carriageReturn = 0x0d;
const colon = 0x3a;
const quote = 0x22;
/**
 * The lines that name an event the page's client throws as an error: `error`, and the gateway's
 * `canceled` (a 499 with its data's message). The space after the colon is optional in SSE.
 */
const errorTypeLines = new Set([
  "event: error",
  "event:error",
  "event: canceled",
  "event:canceled",
]);
/** Bytes of a line's start kept to compare with them: the longest. */
const headLength = 15;
/**
 * What marks an error chunk: OpenAI-compatible servers send a mid-stream error as a plain chunk
 * (`data: {"error": …}`), which the page's client throws as the error it reports, wherever the
 * key stands in its JSON (OpenRouter's follows the chunk's `id`), with any whitespace around it,
 * over one data line or several. A text that merely holds the word has it escaped (`\"error\"`).
 */
const errorKey = new TextEncoder().encode('"error"');

/**
 * An SSE pass-through that redacts `secrets` (the key, the server's credentials and their base64
 * forms) from each `event: error` or `canceled` and error chunk (`data: {"error": …}`), as an
 * error body is redacted: a proxy that fails mid-stream may quote what it got, encoded.
 * A comment before an event's first field, sent on at once, may open an error event, so it is
 * redacted too, as is one inside any event (the browser skips it, but gets its bytes; comments
 * are a few bytes). Every other event passes untouched and unread but for its line ends, its
 * quotes (an image's base64 holds none) and the first bytes of its lines (megabytes of base64
 * image, where each base64 form would cost a full pass). An event is passed on once its blank line has arrived (the browser's
 * parser waits for it too), so the event's type is known whatever the order of its fields.
 * Linear: each byte is looked at by `indexOf` alone (once for each byte it looks for), and only
 * an error event or an early comment is copied.
 */
export function redactErrorEvents(
  secrets: readonly string[],
): TransformStream<Uint8Array, Uint8Array> {
  /** Bytes of the unfinished event, from earlier chunks. */
  let held: Uint8Array[] = [];
  /** Whether the unfinished event has a field (a line other than a comment), and is an error. */
  let hasFields = false;
  let isError = false;
  /** The unfinished line's length, and its first `headLength` bytes. */
  let lineLength = 0;
  const head = new Uint8Array(headLength);
  /** Whether the last byte was a CR, so that an LF after it ends no other line. */
  let afterCarriageReturn = false;
  /** Bytes of `errorKey` that the unfinished line ends with (the chunk ended inside it). */
  let keyMatched = 0;

  const redact = bytesRedactor(secrets);
  const redacted = (parts: Uint8Array[]) => redact(concatBytes(parts));

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const out: Uint8Array[] = [];
      /** Where the finished events not yet passed on begin, and the unfinished one. */
      let passFrom = 0;
      let eventStart = 0;
      let at = 0;
      let nextLineFeed = chunk.indexOf(lineFeed);
      let nextCarriageReturn = chunk.indexOf(carriageReturn);
      let nextQuote = chunk.indexOf(quote);
      /** Whether `chunk[from, to)`, more of a line, completes an `errorKey` (`keyMatched` kept). */
      const holdsErrorKey = (from: number, to: number): boolean => {
        // First the rest of a key the last chunk ended inside.
        let next = from;
        while (keyMatched > 0 && next < to && chunk[next] === errorKey[keyMatched]) {
          next++;
          keyMatched++;
          if (keyMatched === errorKey.length) return true;
        }
        if (keyMatched > 0 && next === to) return false;
        keyMatched = 0;
        if (nextQuote >= 0 && nextQuote < from) nextQuote = chunk.indexOf(quote, from);
        while (nextQuote >= 0 && nextQuote < to) {
          let length = 1;
          while (nextQuote + length < to && chunk[nextQuote + length] === errorKey[length]) {
            length++;
            if (length === errorKey.length) return true;
          }
          if (nextQuote + length === to) keyMatched = length;
          nextQuote = chunk.indexOf(quote, nextQuote + 1);
        }
        return false;
      };
      while (at < chunk.length) {
        if (afterCarriageReturn && chunk[at] === lineFeed) {
          // The LF of a CRLF: the line ended at the CR.
          afterCarriageReturn = false;
          at++;
          nextLineFeed = chunk.indexOf(lineFeed, at);
          continue;
        }
        afterCarriageReturn = false;
        const end = Math.min(
          nextLineFeed < 0 ? chunk.length : nextLineFeed,
          nextCarriageReturn < 0 ? chunk.length : nextCarriageReturn,
        );
        const lineFrom = at;
        if (lineLength < headLength)
          head.set(chunk.subarray(at, Math.min(end, at + headLength - lineLength)), lineLength);
        // A comment (`:`) is no field: the browser's parser skips it whatever it holds.
        const hasBytes = lineLength + end - at > 0;
        if (!isError && hasBytes && head[0] !== colon && holdsErrorKey(at, end)) isError = true;
        lineLength += end - at;
        if (end === chunk.length) break;
        afterCarriageReturn = chunk[end] === carriageReturn;
        if (afterCarriageReturn) nextCarriageReturn = chunk.indexOf(carriageReturn, end + 1);
        else nextLineFeed = chunk.indexOf(lineFeed, end + 1);
        at = end + 1;
        const length = lineLength;
        lineLength = 0;
        keyMatched = 0;
        // A comment before any field (a proxy's keep-alive, `: ping`) goes on at once, as a blank
        // line does: held, it would no longer keep an idle connection open.
        const isEarlyComment = length > 0 && !hasFields && head[0] === colon;
        if (length > 0 && !isEarlyComment) {
          hasFields = true;
          if (!isError && length <= headLength)
            isError = errorTypeLines.has(String.fromCharCode(...head.subarray(0, length)));
          if (!isError && head[0] === colon) {
            // A comment inside an event: redacted alone, held with the event's other bytes.
            out.push(chunk.subarray(passFrom, eventStart));
            const earlier = takeLast(held, length - (end - lineFrom));
            held.push(chunk.subarray(eventStart, lineFrom));
            held.push(redacted([...earlier, chunk.subarray(lineFrom, at)]));
            passFrom = at;
            eventStart = at;
          }
          continue;
        }
        // The event ends here (its CR's LF, if one follows, goes with the next). An early comment
        // may open an error event, whose type comes later: it is redacted as one's lines are
        // (a keep-alive is a few bytes, so the image events stay unread).
        if (isError || isEarlyComment) {
          out.push(chunk.subarray(passFrom, eventStart));
          out.push(redacted([...held, chunk.subarray(eventStart, at)]));
          passFrom = at;
        } else {
          for (const part of held) out.push(part);
        }
        held = [];
        isError = false;
        hasFields = false;
        eventStart = at;
      }
      out.push(chunk.subarray(passFrom, eventStart));
      if (eventStart < chunk.length) held.push(chunk.subarray(eventStart));
      for (const part of out) if (part.length > 0) controller.enqueue(part);
    },
    flush(controller) {
      // An event the stream ended in the middle of (the browser's parser drops it, but its bytes
      // are still sent): redacted as a whole one would be, or its last line if a comment.
      if (!isError && lineLength > 0 && head[0] === colon)
        held.push(redacted(takeLast(held, lineLength)));
      const rest = isError ? [redacted(held)] : held;
      for (const part of rest) if (part.length > 0) controller.enqueue(part);
    },
  });
}

/** The last `count` bytes of `parts`, taken off them. */
function takeLast(parts: Uint8Array[], count: number): Uint8Array[] {
  const taken: Uint8Array[] = [];
  let left = count;
  while (left > 0) {
    const part = parts.pop();
    if (part === undefined) break;
    if (part.length > left) {
      parts.push(part.subarray(0, part.length - left));
      taken.push(part.subarray(part.length - left));
      break;
    }
    taken.push(part);
    left -= part.length;
  }
  return taken.reverse();
}
