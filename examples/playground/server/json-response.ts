/** An error in the gateway's format, so every client on the page reads it the same way. */
export function errorResponse(
  status: number,
  message: string,
  code: string | null = null,
): Response {
  return Response.json(
    {
      error: {
        message,
        type: status >= 500 ? "api_error" : "invalid_request_error",
        param: null,
        code,
      },
    },
    { status },
  );
}
