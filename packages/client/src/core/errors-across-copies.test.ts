// Its own file: `vi.resetModules()` gives this file's later imports fresh modules, so a lazily
// loaded module (ADR 0010) imported after it would throw errors of another copy of the classes.
import { describe, expect, it, vi } from "vitest";
import {
  APIConnectionError,
  APIError,
  BadRequestError,
  InternalServerError,
  OverloadedError,
  PictorError,
  RateLimitError,
} from "./errors";

describe("isInstance across two copies of the package", () => {
  it("accepts an error made by a second copy of the errors module, where instanceof does not", async () => {
    vi.resetModules();
    const copy = await import("./errors");
    expect(copy.RateLimitError).not.toBe(RateLimitError);
    const foreign = new copy.RateLimitError({
      status: 429,
      headers: new Headers({ "retry-after": "1", "x-request-id": "req_copy" }),
      error: {
        message: "Rate limit exceeded",
        type: "rate_limit_error",
        param: null,
        code: "rate_limit_exceeded",
      },
    });
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(foreign instanceof APIError).toBe(false);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(APIError.isInstance(foreign)).toBe(true);
    expect(PictorError.isInstance(foreign)).toBe(true);
    expect(BadRequestError.isInstance(foreign)).toBe(false);
    expect(APIConnectionError.isInstance(foreign)).toBe(false);
    // And the other way round: the second copy recognises this copy's errors.
    const local = new BadRequestError({ status: 400, headers: new Headers() });
    expect(copy.BadRequestError.isInstance(local)).toBe(true);
    expect(copy.APIError.isInstance(local)).toBe(true);
    expect(copy.RateLimitError.isInstance(local)).toBe(false);
  });

  it("accepts a plain object carrying the Symbol.for marker chain a copy would write", () => {
    const foreign = {
      message: "from another copy",
      [Symbol.for("pictor.error")]: ["OverloadedError", "APIError", "PictorError"],
    };
    expect(OverloadedError.isInstance(foreign)).toBe(true);
    expect(APIError.isInstance(foreign)).toBe(true);
    expect(PictorError.isInstance(foreign)).toBe(true);
    expect(foreign instanceof PictorError).toBe(false);
    expect(InternalServerError.isInstance(foreign)).toBe(false);
  });
});
