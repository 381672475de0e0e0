const marker = Symbol.for("pictor.mock.ConnectionReset");

/**
 * The injected "connection reset" fault. The gateway's `fetch` rejects with it, as a real
 * `fetch` rejects with a `TypeError` when the peer drops the connection; the HTTP server
 * destroys the socket instead and the msw adapter answers with a network error.
 */
export class MockConnectionReset extends TypeError {
  readonly [marker] = true;

  constructor(message = "fetch failed: connection reset by the mock gateway (injected fault)") {
    super(message);
    this.name = "MockConnectionReset";
  }

  /** Works across duplicate copies of the package, unlike `instanceof`. */
  static isInstance(value: unknown): value is MockConnectionReset {
    return typeof value === "object" && value !== null && marker in value;
  }
}
