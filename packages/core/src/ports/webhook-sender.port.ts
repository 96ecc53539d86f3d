/** What a webhook receiver answered: its status code, or the reason no answer came. */
export type WebhookResponse =
  | { ok: true; statusCode: number; latencyMs: number }
  | {
      ok: false;
      /** `forbidden`: the URL resolves to an address webhooks may not reach (SSRF guard); `network`: no answer. */
      reason: 'forbidden' | 'network' | 'timeout';
      error: string;
      latencyMs: number;
    };

/**
 * Calls out to webhook receivers: one POST, no redirects followed, with a timeout, and only to addresses the
 * deployment allows (never loopback, link-local or private ranges unless configured). Implemented in the
 * runtime over HTTP; core decides retries from the answer.
 */
export interface WebhookSender {
  /** Throws AppError `WEBHOOK_URL_FORBIDDEN` (user) when the URL is malformed or resolves to a refused address. */
  checkUrl(url: string): Promise<void>;
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse>;
}
