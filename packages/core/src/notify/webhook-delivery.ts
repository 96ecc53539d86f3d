import { AppError } from '../errors.js';
import type { JobContext, JobPayloads } from '../jobs/job-registry.js';
import type { NotificationRepository } from '../ports/notification-repository.port.js';
import { noopMetrics, type MetricsPort } from '../ports/telemetry.port.js';
import type { WebhookResponse, WebhookSender } from '../ports/webhook-sender.port.js';
import type { DeliveryStatus } from './notify.types.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

/** Answers worth another attempt: the receiver is down, overloaded or asked us to slow down. */
const RETRY_STATUS = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * The `webhook.deliver` job: POSTs the stored body, signed now (`Sift-Signature: t=…,v1=…`), records the
 * attempt (status code, latency, error) in the delivery log and decides what comes next:
 * - 2xx: succeeded;
 * - no answer (network error, timeout), 5xx, 408, 429: retried with the queue's backoff — the job throws a
 *   retryable error — until the last attempt, after which the delivery is `dead`;
 * - any other status (4xx, and 3xx: redirects are not followed) or a URL the SSRF guard refuses: failed at
 *   once, since sending the same request again would be refused again.
 */
export async function deliverWebhook(
  deps: { repo: NotificationRepository; sender: WebhookSender; metrics?: MetricsPort },
  ctx: Pick<JobContext<JobPayloads['webhook.deliver']>, 'payload' | 'task'>,
): Promise<{ status: DeliveryStatus; statusCode: number | null } | { skipped: true; reason: string }> {
  const delivery = await deps.repo.getDelivery(ctx.payload.deliveryId);
  if (!delivery) return { skipped: true, reason: 'the delivery was deleted' };
  const webhook = await deps.repo.getWebhook(delivery.webhookId);
  if (!webhook) return { skipped: true, reason: 'the webhook was deleted' };
  if (!webhook.active && delivery.eventType !== 'ping') {
    await deps.repo.setDeliveryStatus(delivery.id, 'failed');
    return { skipped: true, reason: 'the webhook is disabled' };
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await deps.sender.post(
    webhook.url,
    {
      'content-type': 'application/json',
      'user-agent': 'Sift-Webhooks/1',
      'sift-event': delivery.eventType,
      'sift-delivery': delivery.id,
      [SIGNATURE_HEADER]: signWebhook(webhook.secret, timestamp, delivery.body),
    },
    delivery.body,
  );
  const lastAttempt = ctx.task.attempts >= ctx.task.maxAttempts;
  const { status, retry } = decide(response, lastAttempt);
  const metrics = deps.metrics ?? noopMetrics;
  // `pending` after an attempt means another one is queued: counted as a retry.
  const outcome = status === 'pending' ? 'retry' : status;
  metrics.count('sift_webhook_deliveries_total', { event: delivery.eventType, outcome });
  metrics.observe('sift_webhook_response_seconds', {}, response.latencyMs / 1000);
  await deps.repo.recordAttempt(
    delivery.id,
    {
      at: new Date().toISOString(),
      statusCode: response.ok ? response.statusCode : null,
      latencyMs: Math.round(response.latencyMs),
      error: response.ok ? (status === 'succeeded' ? null : `HTTP ${response.statusCode}`) : response.error,
    },
    status,
  );
  if (status === 'succeeded') return { status, statusCode: response.ok ? response.statusCode : null };
  const what = response.ok ? `answered ${response.statusCode}` : response.error;
  throw new AppError(
    response.ok || response.reason !== 'forbidden' ? 'WEBHOOK_DELIVERY_FAILED' : 'WEBHOOK_URL_FORBIDDEN',
    response.ok || response.reason !== 'forbidden' ? 'third_party' : 'user',
    `webhook ${webhook.id}: ${what}`,
    {
      retryable: retry,
      details: {
        webhookId: webhook.id,
        deliveryId: delivery.id,
        statusCode: response.ok ? response.statusCode : null,
      },
    },
  );
}

function decide(response: WebhookResponse, lastAttempt: boolean): { status: DeliveryStatus; retry: boolean } {
  if (response.ok && response.statusCode >= 200 && response.statusCode < 300)
    return { status: 'succeeded', retry: false };
  const transient = response.ok ? RETRY_STATUS(response.statusCode) : response.reason !== 'forbidden';
  if (!transient) return { status: 'failed', retry: false };
  return { status: lastAttempt ? 'dead' : 'pending', retry: true };
}
