import { describe, expectTypeOf, it } from "vitest";
import {
  type APIConnectionError,
  type APIError,
  type APITimeoutError,
  APIUserAbortError,
  InternalServerError,
  NotFoundError,
  PictorError,
} from "./errors";

describe("isInstance narrows from a parent class, where the subclasses add no members", () => {
  it("tells an abort from other Pictor errors, both ways", () => {
    const error = new PictorError("x");
    if (APIUserAbortError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<APIUserAbortError>();
    else expectTypeOf(error).toEqualTypeOf<PictorError>();
  });

  it("tells a 404 from other API errors, both ways", () => {
    const error: APIError = new InternalServerError({ status: 500, headers: new Headers() });
    if (NotFoundError.isInstance(error)) expectTypeOf(error).toEqualTypeOf<NotFoundError>();
    else {
      expectTypeOf(error).toEqualTypeOf<APIError>();
      expectTypeOf(error.status).toEqualTypeOf<number>();
    }
  });

  it("a timeout is a connection error, and a connection error is not always a timeout", () => {
    expectTypeOf<APITimeoutError>().toMatchTypeOf<APIConnectionError>();
    expectTypeOf<APIConnectionError>().not.toMatchTypeOf<APITimeoutError>();
    expectTypeOf<InternalServerError>().not.toMatchTypeOf<NotFoundError>();
  });
});
