/**
 * fetch that gives up when response headers do not arrive in time, so an unreachable model hub fails fast
 * instead of hanging; the body of a large model file may then take as long as it needs.
 */
export function fetchWithConnectTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`no response within ${timeoutMs} ms from ${String(input)}`)),
      timeoutMs,
    );
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await fetch(input, { ...init, signal });
    } finally {
      clearTimeout(timer);
    }
  };
}
