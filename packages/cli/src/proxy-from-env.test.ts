import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createMockGateway } from "@pictor/mock";
import { listen } from "@pictor/mock/node";
import { describe, expect, it, onTestFinished } from "vitest";
import { encodeTestPng, useTempDir } from "./__fixtures__/files";
import { imageCalls, startGatewayServer, testKey } from "./__fixtures__/gateway-server";
import { startRecordingProxy } from "./__fixtures__/recording-proxy";
import { fastClock, loadedModules, runPictor, stackFrame } from "./__fixtures__/run-pictor";

// Real sockets only: a proxy is used by Node's fetch, below anything msw could intercept.

/** A password no output may show. */
const password = "s3cret-proxy-password";

/** `pictor generate` against a local gateway with `env` added, and which modules it loaded. */
async function generate(env: Record<string, string>, flags: readonly string[] = []) {
  const server = await startGatewayServer();
  const dir = await useTempDir();
  const modulesFile = join(dir, "modules.json");
  const result = await runPictor(["generate", "a fox", "--image-size", "1K", "-o", dir, ...flags], {
    env: {
      LLM_GATEWAY_BASE_URL: server.url,
      LLM_GATEWAY_API_KEY: testKey,
      PICTOR_TEST_LOADED_MODULES: modulesFile,
      ...env,
    },
    nodeArgs: loadedModules,
  });
  const modules: unknown = JSON.parse(await readFile(modulesFile, "utf8"));
  const undiciLoaded =
    Array.isArray(modules) && modules.some((file) => /[\\/]undici[\\/]/.test(String(file)));
  return { ...result, server, undiciLoaded, gatewayHost: `127.0.0.1:${server.port}` };
}

/**
 * `pictor <command> --local` with `env` added, and which modules it loaded: the local gateway
 * is in the process; only an edit's https inputs are fetched from their servers.
 */
async function runLocal(args: readonly string[], env: Record<string, string>) {
  const dir = await useTempDir();
  const modulesFile = join(dir, "modules.json");
  const result = await runPictor([...args, "--local", "-o", dir, "--max-retries", "0"], {
    env: { PICTOR_TEST_LOADED_MODULES: modulesFile, ...env },
    nodeArgs: loadedModules,
  });
  const modules: unknown = JSON.parse(await readFile(modulesFile, "utf8"));
  const undiciLoaded =
    Array.isArray(modules) && modules.some((file) => /[\\/]undici[\\/]/.test(String(file)));
  return { ...result, undiciLoaded };
}

/** An https input image whose server refuses at once: the proxy is asked for it all the same. */
const httpsInput = "https://127.0.0.1:2/cat.png";

describe("pictor behind a proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)", { timeout: 60_000 }, () => {
  it.each(["HTTP_PROXY", "http_proxy"])("sends the gateway calls through %s", async (variable) => {
    const proxy = await startRecordingProxy();

    const run = await generate({ [variable]: proxy.url });

    expect(run.code, run.stderr).toBe(0);
    expect(imageCalls(run.server.gateway)).toHaveLength(1);
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(new Set(proxy.targets)).toEqual(new Set([run.gatewayHost]));
    expect(run.undiciLoaded).toBe(true);
  });

  it.each(["ALL_PROXY", "all_proxy"])(
    "falls back to %s for both schemes, as curl does, credentials sent and never shown",
    async (variable) => {
      const proxy = await startRecordingProxy();
      const host = new URL(proxy.url).host;

      const run = await generate({ [variable]: `http://pat:${password}@${host}` }, ["--verbose"]);

      expect(run.code, run.stderr).toBe(0);
      expect(imageCalls(run.server.gateway)).toHaveLength(1);
      expect(new Set(proxy.targets)).toEqual(new Set([run.gatewayHost]));
      expect(proxy.authorizations[0]).toBe(
        `Basic ${Buffer.from(`pat:${password}`).toString("base64")}`,
      );
      expect(run.stderr).toContain(
        `pictor: using the proxy http://${host} from ${variable} for http:// and https://`,
      );
      expect(run.stderr + run.stdout).not.toContain(password);
    },
  );

  it("takes HTTP_PROXY over ALL_PROXY for http://, as curl does", async () => {
    const proxy = await startRecordingProxy();
    const other = await startRecordingProxy();

    const run = await generate({ HTTP_PROXY: proxy.url, ALL_PROXY: other.url }, ["--verbose"]);

    expect(run.code, run.stderr).toBe(0);
    expect(new Set(proxy.targets)).toEqual(new Set([run.gatewayHost]));
    expect(other.targets).toEqual([]);
    expect(run.stderr).toContain(
      `pictor: using the proxy http://${new URL(other.url).host} from ALL_PROXY for https://, and http://${new URL(proxy.url).host} from HTTP_PROXY for http://`,
    );
  });

  it("an ALL_PROXY it cannot send through (socks5://) beside HTTPS_PROXY: an https:// gateway goes through HTTPS_PROXY, and --verbose says http:// URLs go straight", async () => {
    // A proxy that cannot reach the gateway (nothing listens on port 2) answers with a 502.
    const proxy = await startRecordingProxy(502);
    const host = new URL(proxy.url).host;

    const run = await generate(
      { HTTPS_PROXY: proxy.url, ALL_PROXY: "socks5://proxy.example:1080" },
      ["--base-url", "https://127.0.0.1:2/v1", "--max-retries", "0", "--verbose"],
    );

    expect(run.stderr).not.toMatch(/^pictor: ALL_PROXY/m);
    expect(proxy.targets).toEqual(["127.0.0.1:2"]);
    expect(run.stderr).toContain(
      `pictor: using the proxy http://${host} from HTTPS_PROXY for https://; http:// URLs go straight to their host, as ALL_PROXY must start with http:// or https://`,
    );
    expect(run.stderr).toMatch(/, and the proxy in HTTPS_PROXY\.$/m);
  });

  it("an ALL_PROXY it cannot send through beside HTTPS_PROXY is refused for an http:// gateway, which would go through it", async () => {
    const proxy = await startRecordingProxy();

    const run = await generate({
      HTTPS_PROXY: proxy.url,
      ALL_PROXY: "socks5://proxy.example:1080",
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pictor: ALL_PROXY must start with http:\/\/ or https:\/\//m);
    expect(proxy.targets).toEqual([]);
    expect(imageCalls(run.server.gateway)).toEqual([]);
  });

  it.each([
    ["HTTP_PROXY", "http://proxy.example:99999"],
    ["http_proxy", `ftp://pat:${password}@proxy.example:21`],
  ])(
    "an invalid %s beside a valid HTTPS_PROXY does not stop a run against an https:// gateway, which does not use it; --verbose warns",
    async (variable, value) => {
      for (const flags of [[], ["--verbose"]]) {
        // A proxy that cannot reach the gateway (nothing listens on port 2) answers with a 502.
        const proxy = await startRecordingProxy(502);
        const host = new URL(proxy.url).host;

        const run = await generate({ HTTPS_PROXY: proxy.url, [variable]: value }, [
          "--base-url",
          "https://127.0.0.1:2/v1",
          "--max-retries",
          "0",
          ...flags,
        ]);

        expect(run.code, run.stderr).toBe(1);
        expect(proxy.targets).toEqual(["127.0.0.1:2"]);
        if (flags.length > 0)
          expect(run.stderr).toContain(
            `pictor: using the proxy http://${host} from HTTPS_PROXY for https://; http:// URLs go straight to their host, as ${variable} `,
          );
        else expect(run.stderr).not.toContain(variable);
        expect(run.stderr + run.stdout).not.toContain(password);
      }
    },
  );

  it("an invalid HTTP_PROXY beside a valid HTTPS_PROXY is refused for an http:// gateway, which would go through it", async () => {
    const proxy = await startRecordingProxy();

    const run = await generate({
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: "http://proxy.example:99999",
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pictor: HTTP_PROXY is not a valid URL/m);
    expect(proxy.targets).toEqual([]);
    expect(imageCalls(run.server.gateway)).toEqual([]);
  });

  it("a proxy from ALL_PROXY that refuses the credentials: the hint names ALL_PROXY, the password nowhere", async () => {
    const proxy = await startRecordingProxy(407);
    const host = new URL(proxy.url).host;

    const run = await generate({ ALL_PROXY: `http://pat:${password}@${host}` }, [
      "--max-retries",
      "0",
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the proxy in ALL_PROXY/);
    expect(run.stderr + run.stdout).not.toContain(password);
  });

  it("takes a value without a scheme as http://, as curl does", async () => {
    const proxy = await startRecordingProxy();

    const run = await generate({ HTTP_PROXY: new URL(proxy.url).host });

    expect(run.code, run.stderr).toBe(0);
    expect(new Set(proxy.targets)).toEqual(new Set([run.gatewayHost]));
  });

  it("goes straight to a host NO_PROXY names", async () => {
    const proxy = await startRecordingProxy();

    const run = await generate({ HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" });

    expect(run.code, run.stderr).toBe(0);
    expect(imageCalls(run.server.gateway)).toHaveLength(1);
    expect(proxy.targets).toEqual([]);
  });

  it("goes straight to an IPv6 host NO_PROXY names without brackets (::1), as curl does", async () => {
    const proxy = await startRecordingProxy();
    const server = await listen({
      port: 0,
      host: "::1",
      gateway: createMockGateway({ apiKeys: [testKey] }),
    });
    onTestFinished(() => server.close());
    const dir = await useTempDir();

    const run = await runPictor(
      ["generate", "a fox", "--image-size", "1K", "-o", dir, "--max-retries", "0"],
      {
        env: {
          LLM_GATEWAY_BASE_URL: server.url,
          LLM_GATEWAY_API_KEY: testKey,
          HTTP_PROXY: proxy.url,
          NO_PROXY: "localhost,127.0.0.1,::1",
        },
      },
    );

    expect(server.url).toMatch(/^http:\/\/\[::1\]:/);
    expect(run.code, run.stderr).toBe(0);
    expect(imageCalls(server.gateway)).toHaveLength(1);
    expect(proxy.targets).toEqual([]);
  });

  // These runs wait real seconds on purpose (the gateway's latency) on top of the bin's start,
  // which alone took over 20 s (the default bound of a run) on 2 cores with CI's test workers
  // beside it.
  /** How long one of these runs may take, within the describe's 60 s. */
  const slowRunMs = 50_000;

  /** `pictor generate --timeout <timeout>` through a proxy, against a gateway 5 s slow: 500 s on the CLI's clock. */
  async function slowGeneration(timeout: string) {
    const proxy = await startRecordingProxy();
    const server = await startGatewayServer({ latencyMs: 5_000 });
    const dir = await useTempDir();
    const run = await runPictor(
      ["generate", "a fox", "-o", dir, "--timeout", timeout, "--max-retries", "0"],
      {
        env: {
          LLM_GATEWAY_BASE_URL: server.url,
          LLM_GATEWAY_API_KEY: testKey,
          HTTP_PROXY: proxy.url,
        },
        nodeArgs: fastClock,
        timeoutMs: slowRunMs,
      },
    );
    return { ...run, server, proxy };
  }

  it("waits through a proxy for a generation slower than undici's 300 s default, up to --timeout", async () => {
    // A day on the CLI's clock is 864 s of real time: the run's bound, not --timeout, stops a slow start.
    const run = await slowGeneration("86400000");

    expect(run.code, run.stderr).toBe(0);
    expect(imageCalls(run.server.gateway)).toHaveLength(1);
    expect(run.proxy.targets.length).toBeGreaterThan(0);
  });

  it("through a proxy, a --timeout shorter than the generation still stops it", async () => {
    const run = await slowGeneration("120000");

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/timed out after 120000 ?ms/i);
    expect(run.stderr).toContain("--timeout");
  });

  it("without a proxy, a generation cut by Node's own 300 s says so in the CLI's terms, not a library's", async () => {
    // Node's fetch gives up at 300 s: 600 of undici's ticks, 5 ms each with the fast clock but
    // longer when the machine is busy. 30 s of real latency leaves the ticks room to run out first.
    const server = await startGatewayServer({ latencyMs: 30_000 });
    const dir = await useTempDir();

    const run = await runPictor(
      ["generate", "a fox", "-o", dir, "--timeout", "3600000", "--max-retries", "0", "--json"],
      {
        env: { LLM_GATEWAY_BASE_URL: server.url, LLM_GATEWAY_API_KEY: testKey },
        nodeArgs: fastClock,
        timeoutMs: slowRunMs,
      },
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pictor: The fetch gave up before the call's timeout/m);
    expect(run.stderr).toContain("Node's fetch gives a gateway 300 s to answer");
    expect(run.stderr + run.stdout).not.toMatch(/fetchOptions|new Agent/);
  });

  it("does not load undici without a proxy variable, or with an empty one", async () => {
    const envs: Record<string, string>[] = [{}, { HTTPS_PROXY: "", HTTP_PROXY: "" }];
    for (const env of envs) {
      const run = await generate(env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.undiciLoaded).toBe(false);
    }
  });

  it("sends the proxy's credentials to it, and --verbose names the proxy without them", async () => {
    const proxy = await startRecordingProxy();
    const host = new URL(proxy.url).host;

    const run = await generate(
      { HTTP_PROXY: `http://pat:${password}@${host}`, NO_PROXY: "example.com" },
      ["--verbose"],
    );

    expect(run.code, run.stderr).toBe(0);
    expect(proxy.authorizations[0]).toBe(
      `Basic ${Buffer.from(`pat:${password}`).toString("base64")}`,
    );
    expect(run.stderr).toContain(`pictor: using the proxy http://${host} from HTTP_PROXY`);
    expect(run.stderr).toContain("(not for NO_PROXY: example.com)");
    expect(run.stderr + run.stdout).not.toContain(password);
  });

  it("a proxy that refuses the credentials: exit 1, the proxy named, the password nowhere", async () => {
    const proxy = await startRecordingProxy(407);
    const host = new URL(proxy.url).host;

    const run = await generate({ HTTP_PROXY: `http://pat:${password}@${host}` }, [
      "--verbose",
      "--json",
      "--max-retries",
      "0",
    ]);

    expect(run.code).toBe(1);
    expect(proxy.targets).toEqual([run.gatewayHost]);
    expect(run.stderr).toMatch(/Proxy response \(407\)/);
    expect(run.stderr).toMatch(/the proxy in HTTP_PROXY/);
    expect(run.stderr + run.stdout).not.toContain(password);
  });

  it.each([
    [
      "NO_PROXY names the gateway's host",
      (proxyURL: string) => ({ HTTP_PROXY: proxyURL, NO_PROXY: "127.0.0.1" }),
    ],
    [
      "only HTTPS_PROXY is set, the gateway is http://",
      (proxyURL: string) => ({ HTTPS_PROXY: proxyURL }),
    ],
  ])(
    "a connection error's hint does not name the proxy when the gateway call did not go through it (%s)",
    async (_case, variables) => {
      const proxy = await startRecordingProxy();
      const env = variables(proxy.url);
      const dir = await useTempDir();

      // Nothing listens on port 2: the connection is refused.
      const run = await runPictor(
        ["generate", "a fox", "--image-size", "1K", "-o", dir, "--max-retries", "0"],
        {
          env: {
            LLM_GATEWAY_BASE_URL: "http://127.0.0.1:2/v1",
            LLM_GATEWAY_API_KEY: testKey,
            ...env,
          },
        },
      );

      expect(run.code).toBe(1);
      expect(proxy.targets).toEqual([]);
      expect(run.stderr).toContain("Check --base-url or LLM_GATEWAY_BASE_URL.");
      expect(run.stderr).not.toMatch(/the proxy in/);
    },
  );

  it("a connection error's hint names the proxy the gateway call went through", async () => {
    // A proxy that cannot reach the gateway answers its CONNECT with a 502.
    const proxy = await startRecordingProxy(502);
    const other = await startRecordingProxy();
    const dir = await useTempDir();

    const run = await runPictor(
      ["generate", "a fox", "--image-size", "1K", "-o", dir, "--max-retries", "0"],
      {
        env: {
          LLM_GATEWAY_BASE_URL: "http://127.0.0.1:2/v1",
          LLM_GATEWAY_API_KEY: testKey,
          HTTP_PROXY: proxy.url,
          HTTPS_PROXY: other.url,
        },
      },
    );

    expect(run.code).toBe(1);
    expect(proxy.targets).toEqual(["127.0.0.1:2"]);
    expect(run.stderr).toMatch(
      /Check --base-url or LLM_GATEWAY_BASE_URL, and the proxy in HTTP_PROXY\.$/m,
    );
  });

  it("a proxy that hangs up instead of opening the tunnel fails the call, rather than being asked again and again", async () => {
    // The proxy cannot reach the gateway (nothing listens on port 2) and closes the connection.
    const proxy = await startRecordingProxy();
    const dir = await useTempDir();

    const run = await runPictor(
      ["generate", "a fox", "--image-size", "1K", "-o", dir, "--max-retries", "0"],
      {
        env: {
          LLM_GATEWAY_BASE_URL: "http://127.0.0.1:2/v1",
          LLM_GATEWAY_API_KEY: testKey,
          HTTP_PROXY: proxy.url,
        },
        timeoutMs: 10_000,
      },
    );

    expect(run.code).toBe(1);
    // undici 7 alone re-sends the CONNECT in a tight loop, thousands a second, until the timeout.
    expect(proxy.targets).toEqual(["127.0.0.1:2"]);
    expect(run.stderr).toContain(
      "the proxy closed the connection instead of opening a tunnel to 127.0.0.1:2",
    );
    expect(run.stderr).toMatch(/, and the proxy in HTTP_PROXY\.$/m);
  });

  it.each([
    ["names the proxy the input went through", {}, true],
    ["not when NO_PROXY sent the input straight to its host", { NO_PROXY: "127.0.0.1" }, false],
  ])(
    "an https input that could not be reached (%s)",
    async (_case, noProxy: Record<string, string>, named) => {
      // A proxy that refuses the credentials: the check of the input fails like a dead host's.
      const proxy = await startRecordingProxy(407);
      const server = await startGatewayServer();
      const dir = await useTempDir();

      const run = await runPictor(["edit", httpsInput, "-p", "make it blue", "-o", dir], {
        env: {
          LLM_GATEWAY_BASE_URL: server.url,
          LLM_GATEWAY_API_KEY: testKey,
          HTTPS_PROXY: proxy.url,
          ...noProxy,
        },
      });

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${httpsInput} could not be reached`);
      const hint =
        "  The input image URLs were fetched through the proxy in HTTPS_PROXY: check it too.";
      if (named) expect(run.stderr).toContain(hint);
      else expect(run.stderr).not.toContain("proxy");
      expect(imageCalls(server.gateway)).toEqual([]);
    },
  );

  it.each([
    ["HTTPS_PROXY", "ftp://proxy.example:21", "must start with http:// or https://"],
    ["https_proxy", `pat:${password}@proxy.example:99999`, "is not a valid URL"],
    ["HTTP_PROXY", `http://pat:${password}@proxy.example:99999`, "is not a valid URL"],
    ["HTTP_PROXY", "socks5://proxy.example:1080", "must start with http:// or https://"],
    ["ALL_PROXY", "socks5://proxy.example:1080", "must start with http:// or https://"],
    ["all_proxy", `http://pat:${password}@proxy.example:99999`, "is not a valid URL"],
  ])(
    "an invalid %s (%s) is a usage error naming it, with no password or stack",
    async (variable, value, what) => {
      for (const flags of [[], ["--verbose"]]) {
        const run = await generate({ [variable]: value }, flags);

        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(new RegExp(`^pictor: ${variable} ${what}`, "m"));
        expect(run.stderr).toContain("http://proxy.example:3128");
        // --verbose adds the stack of a usage error, as it does for the others.
        if (flags.length === 0) expect(run.stderr).not.toMatch(stackFrame);
        expect(run.stderr + run.stdout).not.toContain(password);
        expect(imageCalls(run.server.gateway)).toEqual([]);
      }
    },
  );

  it.each([
    ["HTTPS_PROXY", `http://pat:100%${password}@proxy.example:3128`],
    ["http_proxy", `http://p%at:${password}@proxy.example:3128`],
  ])(
    "a percent sign that is no escape in the credentials of %s is a usage error naming it, not undici's 'URI malformed'",
    async (variable, value) => {
      const run = await generate({ [variable]: value });

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        new RegExp(
          `^pictor: ${variable} has a % that is no %XX escape in its user or password`,
          "m",
        ),
      );
      expect(run.stderr).toContain("write each % there as %25");
      expect(run.stderr).not.toContain("URI malformed");
      expect(run.stderr + run.stdout).not.toContain(password);
      expect(imageCalls(run.server.gateway)).toEqual([]);
    },
  );

  describe("with --local, whose gateway is in the process", () => {
    it("a generation runs despite an invalid proxy variable it does not use; --verbose warns", async () => {
      for (const flags of [[], ["--verbose"]]) {
        const run = await runLocal(["generate", "a fox", ...flags], {
          HTTPS_PROXY: `ftp://pat:${password}@proxy.example:21`,
        });

        expect(run.code, run.stderr).toBe(0);
        if (flags.length > 0)
          expect(run.stderr).toMatch(
            /^pictor: warning: HTTPS_PROXY must start with http:\/\/ or https:\/\/.*; not used: --local's gateway is in this process, and no input is an https URL$/m,
          );
        else expect(run.stderr).not.toContain("HTTPS_PROXY");
        expect(run.stderr + run.stdout).not.toContain(password);
        expect(run.undiciLoaded).toBe(false);
      }
    });

    it("an edit of local files runs despite an invalid proxy variable", async () => {
      const dir = await useTempDir();
      const image = join(dir, "photo.png");
      await writeFile(image, encodeTestPng(64, 64));

      const run = await runLocal(["edit", image, "-p", "make it blue"], {
        ALL_PROXY: "socks5://proxy.example:1080",
      });

      expect(run.code, run.stderr).toBe(0);
    });

    it("a generation does not load or name a valid proxy as used; --verbose says it is not", async () => {
      const proxy = await startRecordingProxy();

      const run = await runLocal(["generate", "a fox", "--verbose"], { HTTPS_PROXY: proxy.url });

      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        "pictor: not using the proxy in HTTPS_PROXY: --local's gateway is in this process, and no input is an https URL",
      );
      expect(run.stderr).not.toContain("using the proxy http://");
      expect(run.undiciLoaded).toBe(false);
      expect(proxy.targets).toEqual([]);
    });

    it("an edit whose https inputs are all in NO_PROXY does not read the proxy variables", async () => {
      const run = await runLocal(["edit", httpsInput, "-p", "make it blue", "--verbose"], {
        HTTPS_PROXY: "socks5://proxy.example:1080",
        NO_PROXY: "127.0.0.1",
      });

      // The input itself is refused (nothing answers on port 2), not the proxy variable.
      expect(run.stderr).not.toMatch(/^pictor: HTTPS_PROXY/m);
      expect(run.stderr).toContain("its https inputs are in NO_PROXY");
      expect(run.stderr).toContain(httpsInput);
    });

    it("an edit with an https input fetches it through the proxy; --verbose says only that goes through it", async () => {
      const proxy = await startRecordingProxy();
      const other = await startRecordingProxy();
      const host = new URL(proxy.url).host;

      // --timeout: the check of the input waits no longer than the call's timeout.
      const run = await runLocal(
        ["edit", httpsInput, "-p", "make it blue", "--verbose", "--timeout", "3000"],
        {
          HTTPS_PROXY: proxy.url,
          HTTP_PROXY: other.url,
        },
      );

      expect(proxy.targets).toContain("127.0.0.1:2");
      expect(other.targets).toEqual([]);
      expect(run.stderr).toContain(
        `pictor: the local gateway is in this process, not proxied; https input images go through the proxy http://${host} from HTTPS_PROXY\n`,
      );
      expect(run.stderr).not.toContain("pictor: using the proxy");
      expect(run.stderr).not.toContain(new URL(other.url).host);
    });

    it("an edit with an https input fetches it through HTTPS_PROXY beside an ALL_PROXY it cannot send through (socks5://)", async () => {
      const proxy = await startRecordingProxy();

      const run = await runLocal(["edit", httpsInput, "-p", "make it blue", "--timeout", "3000"], {
        HTTPS_PROXY: proxy.url,
        ALL_PROXY: "socks5://proxy.example:1080",
      });

      expect(run.stderr).not.toMatch(/^pictor: ALL_PROXY/m);
      expect(proxy.targets).toContain("127.0.0.1:2");
    });

    it("an edit with an https input still refuses an invalid proxy variable: it would fetch through it", async () => {
      const run = await runLocal(["edit", httpsInput, "-p", "make it blue"], {
        HTTPS_PROXY: "socks5://proxy.example:1080",
      });

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^pictor: HTTPS_PROXY must start with http:\/\/ or https:\/\//m);
    });
  });
});
