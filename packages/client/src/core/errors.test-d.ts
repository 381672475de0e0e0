import { describe, expectTypeOf, it } from "vitest";
import type { ChatFinalMessage } from "./chat-completion-stream";
import {
  type APIConnectionError,
  APIError,
  type APITimeoutError,
  APIUserAbortError,
  IncompleteResultError,
  InternalServerError,
  NotFoundError,
  PictorError,
  RateLimitError,
  RequestValidationError,
} from "./errors";
import { IncompleteMessageError } from "./incomplete-message-error";

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

describe("a catch block narrows the unknown error", () => {
  it("with isInstance or instanceof, to the fields of each class", () => {
    try {
      throw new Error("x");
    } catch (error) {
      if (APIError.isInstance(error) && error.status === 429) {
        expectTypeOf(error.code).toEqualTypeOf<string | null>();
        expectTypeOf(error.requestId).toEqualTypeOf<string | null>();
      }
      if (error instanceof APIError) expectTypeOf(error.status).toEqualTypeOf<number>();
      if (error instanceof RateLimitError)
        expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | null>();
      if (RequestValidationError.isInstance(error))
        expectTypeOf(error.issues[0]?.accepted).toEqualTypeOf<readonly string[] | undefined>();
      if (IncompleteResultError.isInstance(error))
        expectTypeOf(error.partialResult.images.length).toEqualTypeOf<number>();
      if (IncompleteMessageError.isInstance(error)) {
        expectTypeOf(error.imageURLs).toEqualTypeOf<readonly string[]>();
        expectTypeOf(error.failedURLs).toEqualTypeOf<readonly string[]>();
        expectTypeOf(error.partialMessage).toEqualTypeOf<ChatFinalMessage>();
        expectTypeOf(error.requestId).toEqualTypeOf<string | null>();
        expectTypeOf(error).toMatchTypeOf<PictorError>();
        expectTypeOf(error).not.toMatchTypeOf<IncompleteResultError>();
      }
      if (PictorError.isInstance(error) && !APIError.isInstance(error))
        expectTypeOf(error).toEqualTypeOf<PictorError>();
    }
  });
});
