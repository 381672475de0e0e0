import { RequestValidationError } from "@pictor/client";

/** Whether untyped JS gave `requestOptions.signal`, which the types leave out (see `refuseSignal`). */
export const givesSignal = (requestOptions: object | undefined): boolean =>
  !!(requestOptions && "signal" in requestOptions && requestOptions.signal);

/**
 * Fails when untyped JS passes `requestOptions.signal`, which the types leave out: a hook's
 * requests use its own signal (`abort()`, unmount), so one given would be replaced unheard and
 * abort nothing.
 */
export function refuseSignal(requestOptions: object | undefined): void {
  if (givesSignal(requestOptions))
    throw new RequestValidationError([
      {
        path: "requestOptions.signal",
        message: "the hook takes no signal: it aborts its own requests (abort(), unmount)",
      },
    ]);
}
