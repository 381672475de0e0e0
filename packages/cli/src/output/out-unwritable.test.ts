import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../__fixtures__/files";
import { imageCalls, startGatewayServer, testKey } from "../__fixtures__/gateway-server";
import { runPictor } from "../__fixtures__/run-pictor";

// "Where the images go is checked before anything is paid for": an -o that cannot take files
// must fail before the request, not after the gateway has made (and billed) the image. A folder
// without write permission is refused the same way (checked by hand as an unprivileged user: as
// root, which CI runs as, every folder is writable, so no test here can make one).

async function generateInto(out: string) {
  const server = await startGatewayServer();
  const result = await runPictor(["generate", "a paid fox", "-o", out, "--max-retries", "0"], {
    env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
  });
  return { ...result, calls: imageCalls(server.gateway).length };
}

describe("-o that cannot be written to", { timeout: 30_000 }, () => {
  it("a link to a folder that is gone (an unmounted drive) exits 2 before any request", async () => {
    const dir = await useTempDir();
    const out = join(dir, "images");
    await symlink(join(dir, "unmounted", "images"), out);
    const { code, stderr, calls } = await generateInto(out);
    expect(calls, stderr).toBe(0);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain("-o");
  });
});
