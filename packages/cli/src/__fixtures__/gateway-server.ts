import { createMockGateway, type MockGateway, type MockGatewayOptions } from "@pictor/mock";
import { listen, type MockServer } from "@pictor/mock/node";
import { onTestFinished } from "vitest";

/** The key the test gateway accepts. */
export const testKey = "test-key";

/**
 * The mock gateway over real HTTP on a free port, accepting only `testKey`; closed when the
 * current test finishes.
 */
export async function startGatewayServer(
  options: MockGatewayOptions = {},
): Promise<MockServer<MockGateway>> {
  const server = await listen({
    port: 0,
    gateway: createMockGateway({ apiKeys: [testKey], ...options }),
  });
  onTestFinished(() => server.close());
  return server;
}

/** The calls that asked for images (generations or edits), leaving out anything else. */
export function imageCalls(gateway: MockGateway) {
  return gateway.calls.filter(
    (call) => call.operation === "generateImages" || call.operation === "editImages",
  );
}
