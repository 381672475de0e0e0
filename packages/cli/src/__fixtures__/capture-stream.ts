import { Writable } from "node:stream";

/** A writable stream that keeps what is written to it, for `runCli`'s `stdout` and `stderr`. */
export function captureStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { stream, text: () => chunks.join("") };
}
