import type { SizeRule } from "./generated/models";

/** Parses "WxH" into positive integers; undefined when it is not one. */
export function parseSize(size: string): { width: number; height: number } | undefined {
  const match = /^([1-9][0-9]*)x([1-9][0-9]*)$/.exec(size);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Which constraints of `rule` the "WxH" `size` breaks (empty when it satisfies all). */
export function sizeRuleViolations(size: string, rule: SizeRule): string[] {
  const parsed = parseSize(size);
  if (!parsed) return [`"${size}" is not "WIDTHxHEIGHT"`];
  const { width, height } = parsed;
  const pixels = width * height;
  const ratio = width / height;
  const out: string[] = [];
  if (
    rule.multiple_of !== undefined &&
    (width % rule.multiple_of !== 0 || height % rule.multiple_of !== 0)
  )
    out.push(`width and height must be multiples of ${rule.multiple_of}`);
  if (rule.min_edge !== undefined && Math.min(width, height) < rule.min_edge)
    out.push(`shorter edge ${Math.min(width, height)} < min_edge ${rule.min_edge}`);
  if (rule.max_edge !== undefined && Math.max(width, height) > rule.max_edge)
    out.push(`longer edge ${Math.max(width, height)} > max_edge ${rule.max_edge}`);
  if (rule.min_pixels !== undefined && pixels < rule.min_pixels)
    out.push(`${pixels} pixels < min_pixels ${rule.min_pixels}`);
  if (rule.max_pixels !== undefined && pixels > rule.max_pixels)
    out.push(`${pixels} pixels > max_pixels ${rule.max_pixels}`);
  if (rule.min_ratio !== undefined && ratio < rule.min_ratio)
    out.push(`ratio ${round(ratio)} < min_ratio ${rule.min_ratio}`);
  if (rule.max_ratio !== undefined && ratio > rule.max_ratio)
    out.push(`ratio ${round(ratio)} > max_ratio ${rule.max_ratio}`);
  return out;
}

/** Three decimals are enough to show a ratio in a message. */
const round = (n: number): number => Math.round(n * 1000) / 1000;
