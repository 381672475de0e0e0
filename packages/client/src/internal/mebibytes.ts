/**
 * `bytes` in MiB with one decimal, rounded up: a size just over a limit must not read as the
 * limit itself ("is 20.0 MiB; input images may be at most 20 MiB").
 */
export function mebibytes(bytes: number): string {
  return (Math.ceil((bytes * 10) / (1024 * 1024)) / 10).toFixed(1);
}
