/** What to say of an answer that did not come from the gateway (an HTML page, a proxy's error). */
export const checkBaseURLAdvice =
  ": check that baseURL points at the gateway or your @pictor/server route";
