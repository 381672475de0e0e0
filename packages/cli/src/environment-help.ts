/**
 * The environment variables `pictor` reads, each with what it is for: the "Environment:" section
 * of `--help`, which the README's "Environment" section lists too (a test keeps them the same).
 */
export const environmentVariables: readonly (readonly [name: string, meaning: string])[] = [
  // Each meaning fits the 80 columns of a terminal beside the longest name.
  ["LLM_GATEWAY_API_KEY", "the gateway API key, when --api-key is not given"],
  ["LLM_GATEWAY_BASE_URL", "the gateway URL, when --base-url is not given"],
  ["HTTPS_PROXY", "the proxy for https:// requests"],
  ["HTTP_PROXY", "the proxy for http://, and https:// when no other is set"],
  ["ALL_PROXY", "the proxy for either scheme when its own is not set"],
  ["NO_PROXY", "hosts (comma-separated) not to proxy; * for every host"],
  ["CI", "when set: progress as plain lines, without a spinner"],
  ["TERM", "dumb: progress as plain lines, without a spinner"],
];

/** The "Environment:" section printed after the help of `pictor`, `generate` and `edit`. */
export function environmentHelp(): string {
  const width = Math.max(...environmentVariables.map(([name]) => name.length)) + 2;
  const lines = environmentVariables.map(([name, meaning]) => `  ${name.padEnd(width)}${meaning}`);
  // As curl reads them: `https_proxy` over `HTTPS_PROXY`.
  return `\nEnvironment:\n${lines.join("\n")}\n  The proxy variables are read in lowercase too (https_proxy, …), which wins.\n`;
}
