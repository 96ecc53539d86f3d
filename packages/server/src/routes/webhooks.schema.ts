import { WEBHOOK_EVENT_TYPES, type Webhook, type WebhookDelivery } from '@sift/core';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .describe('Events to deliver; only those the owner may see are sent');
const url = z
  .url({ protocol: /^https?$/u })
  .max(2048)
  .describe(
    'Where deliveries are POSTed. Refused (WEBHOOK_URL_FORBIDDEN) when it resolves to a loopback, ' +
      'link-local or private address, unless SIFT_WEBHOOK_ALLOW_PRIVATE=true',
  );

export const WebhookSchema = z
  .object({
    id: z.string(),
    owner_id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    active: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Webhook' });

export const NewWebhookSchema = z.object({
  url,
  events,
  description: z.string().max(500).nullable().optional(),
});

export const WebhookPatchSchema = z.object({
  url: url.optional(),
  events: events.optional(),
  description: z.string().max(500).nullable().optional(),
  active: z.boolean().optional(),
});

export const WebhookListQuerySchema = z.object({
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Admins: everyone’s webhooks'),
});

export const WebhookIdParamsSchema = z.object({ id: z.string().min(1) });
export const DeliveryParamsSchema = z.object({ id: z.string().min(1), deliveryId: z.string().min(1) });
export const DeliveryListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().optional(),
});

export const DeliverySchema = z
  .object({
    id: z.string(),
    webhook_id: z.string(),
    event_type: z.string().describe('The event delivered, or `ping`'),
    status: z
      .enum(['pending', 'succeeded', 'failed', 'dead'])
      .describe('pending: waiting for an attempt or a retry; failed: refused for good; dead: gave up'),
    body: z.string().describe('The JSON body POSTed'),
    attempts: z.array(
      z.object({
        at: timestamp,
        status_code: z
          .number()
          .int()
          .nullable()
          .describe('null: no answer (network error, timeout, refused)'),
        latency_ms: z.number().int().nonnegative(),
        error: z.string().nullable(),
      }),
    ),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'WebhookDelivery' });

export function toWebhookResponse(w: Webhook): z.infer<typeof WebhookSchema> {
  return {
    id: w.id,
    owner_id: w.ownerId,
    url: w.url,
    description: w.description,
    events: w.events,
    active: w.active,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

export function toDeliveryResponse(d: WebhookDelivery): z.infer<typeof DeliverySchema> {
  return {
    id: d.id,
    webhook_id: d.webhookId,
    event_type: d.eventType,
    status: d.status,
    body: d.body,
    attempts: d.attempts.map((a) => ({
      at: a.at,
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
    })),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}
