import { randomUUID } from 'node:crypto';
import { hidden, type Access } from '../auth/access.js';
import { AppError } from '../errors.js';
import { canSeeEvent } from '../events/event-visibility.js';
import type { TaskService } from '../jobs/task.service.js';
import type { SiftEvent } from '../ports/event-bus.port.js';
import type { NotificationRepository } from '../ports/notification-repository.port.js';
import type { WebhookSender } from '../ports/webhook-sender.port.js';
import {
  WEBHOOK_EVENT_TYPES,
  type DeliveryPage,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhookPatch,
} from './notify.types.js';
import { eventKey, webhookData } from './webhook-payload.js';
import { newWebhookSecret } from './webhook-signature.js';

/** The Access a webhook owner has now (null: the account is gone or disabled, deliver nothing). */
export type OwnerAccess = (ownerId: string) => Promise<Access | null>;

export interface WebhookServiceDeps {
  repo: NotificationRepository;
  tasks: TaskService;
  sender: WebhookSender;
  ownerAccess: OwnerAccess;
}

/**
 * Webhooks: users register URLs with an event filter; admins may see and manage everyone's, users their own
 * (the owner condition is part of each query). Each event a webhook subscribes to — and that its owner may see,
 * by the same rule as the live stream — becomes a stored delivery and a `webhook.deliver` job (see
 * webhook-delivery.ts), so retries survive restarts and the log shows every attempt.
 */
export class WebhookService {
  constructor(private readonly deps: WebhookServiceDeps) {}

  /** Registers a webhook owned by the caller; the secret is in the answer only, once. */
  async create(
    access: Access,
    input: { url: string; events: WebhookEventType[]; description?: string | null },
  ): Promise<{ webhook: Webhook; secret: string }> {
    this.requireUnrestricted(access);
    access.require('write');
    await this.deps.sender.checkUrl(input.url);
    const secret = newWebhookSecret();
    const webhook = await this.deps.repo.createWebhook({
      ownerId: access.userId,
      url: input.url,
      description: input.description ?? null,
      events: dedupeEvents(input.events),
      secret,
    });
    return { webhook, secret };
  }

  /** The caller's webhooks; with `all`, an admin's view of everyone's. */
  list(access: Access, options: { all?: boolean } = {}): Promise<Webhook[]> {
    this.requireUnrestricted(access);
    if (options.all) access.requireAdmin();
    return this.deps.repo.listWebhooks(options.all ? null : access.userId);
  }

  async get(access: Access, id: string): Promise<Webhook> {
    this.requireUnrestricted(access);
    const found = await this.deps.repo.getWebhook(id, access.ownerFilter);
    if (!found) throw hidden('webhook', id);
    const { secret: _secret, ...webhook } = found;
    return webhook;
  }

  async update(access: Access, id: string, patch: WebhookPatch): Promise<Webhook> {
    this.requireUnrestricted(access);
    access.require('write');
    if (patch.url !== undefined) await this.deps.sender.checkUrl(patch.url);
    const events = patch.events ? { events: dedupeEvents(patch.events) } : {};
    const updated = await this.deps.repo.updateWebhook(id, access.ownerFilter, { ...patch, ...events });
    if (!updated) throw hidden('webhook', id);
    return updated;
  }

  async delete(access: Access, id: string): Promise<void> {
    this.requireUnrestricted(access);
    access.require('write');
    if (!(await this.deps.repo.deleteWebhook(id, access.ownerFilter))) throw hidden('webhook', id);
  }

  async deliveries(
    access: Access,
    webhookId: string,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<DeliveryPage> {
    await this.get(access, webhookId);
    return this.deps.repo.listDeliveries(webhookId, options);
  }

  /** Sends a `ping` event to the webhook now (through the queue, like any delivery). */
  async ping(access: Access, webhookId: string): Promise<WebhookDelivery> {
    access.require('write');
    const webhook = await this.get(access, webhookId);
    const id = randomUUID();
    const body = envelope(id, 'ping', { webhook_id: webhook.id, url: webhook.url });
    const delivery = await this.deps.repo.createDelivery({
      webhookId,
      eventKey: `ping:${id}`,
      eventType: 'ping',
      body,
    });
    if (!delivery) throw hidden('webhook', webhookId);
    await this.enqueue(delivery.id, webhook.ownerId);
    return delivery;
  }

  /** Sends a delivery again (its body unchanged, a fresh signature): back to pending, a new job. */
  async redeliver(access: Access, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    access.require('write');
    const webhook = await this.get(access, webhookId);
    const delivery = await this.deps.repo.getDelivery(deliveryId);
    if (!delivery || delivery.webhookId !== webhookId) throw hidden('delivery', deliveryId);
    if (delivery.status === 'pending') {
      throw new AppError('DELIVERY_PENDING', 'conflict', `delivery ${deliveryId} is still being delivered`, {
        details: { id: deliveryId },
      });
    }
    const reset = await this.deps.repo.setDeliveryStatus(deliveryId, 'pending');
    if (!reset) throw hidden('delivery', deliveryId);
    await this.enqueue(deliveryId, webhook.ownerId);
    return reset;
  }

  /**
   * Stores a delivery of `event` for every active webhook subscribed to it whose owner may see it, and
   * enqueues their jobs. Deliveries of the same event to the same webhook are made once (by event key).
   */
  async dispatch(event: SiftEvent): Promise<WebhookDelivery[]> {
    if (!isWebhookEvent(event)) return [];
    // A failing delivery must not cause deliveries of its own failure (a loop through task.failed/dead); its
    // log only needs the end recorded when the job ended without the handler saying so (a lost lease).
    if (
      (event.type === 'task.failed' || event.type === 'task.dead') &&
      event.task.type === 'webhook.deliver'
    ) {
      await this.settleAbandoned(event.task.payload as { deliveryId: string }, event.type);
      return [];
    }
    const hooks = await this.deps.repo.webhooksFor(event.type);
    if (hooks.length === 0) return [];
    const key = eventKey(event) ?? `${event.type}:${randomUUID()}`;
    const data = webhookData(event);
    const created: WebhookDelivery[] = [];
    const owners = new Map<string, Promise<Access | null>>();
    for (const hook of hooks) {
      if (!owners.has(hook.ownerId)) owners.set(hook.ownerId, this.deps.ownerAccess(hook.ownerId));
      const owner = await owners.get(hook.ownerId)!;
      if (!owner || !canSeeEvent(owner, event)) continue;
      const id = randomUUID();
      const delivery = await this.deps.repo.createDelivery({
        webhookId: hook.id,
        eventKey: key,
        eventType: event.type,
        body: envelope(id, event.type, data),
      });
      if (!delivery) continue;
      await this.enqueue(delivery.id, hook.ownerId);
      created.push(delivery);
    }
    return created;
  }

  private async settleAbandoned(payload: { deliveryId: string }, type: 'task.failed' | 'task.dead') {
    const delivery = await this.deps.repo.getDelivery(payload.deliveryId);
    if (delivery?.status === 'pending')
      await this.deps.repo.setDeliveryStatus(delivery.id, type === 'task.dead' ? 'dead' : 'failed');
  }

  private async enqueue(deliveryId: string, ownerId: string): Promise<void> {
    await this.deps.tasks.enqueue(
      'webhook.deliver',
      { deliveryId },
      { ownerId, uniqueKey: `webhook.deliver:${deliveryId}` },
    );
  }

  /**
   * A key restricted to some collections would otherwise hear of its owner's other collections: its owner's
   * webhooks deliver events of all of them, so such a key may neither register, read nor re-point one.
   */
  private requireUnrestricted(access: Access): void {
    if (access.principal.collectionIds) {
      throw new AppError(
        'FORBIDDEN',
        'forbidden',
        'an API key restricted to collections cannot use webhooks',
      );
    }
  }
}

export function isWebhookEvent(event: SiftEvent): event is Extract<SiftEvent, { type: WebhookEventType }> {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** The JSON body of a delivery: `id` is the event's id for this webhook (receivers dedupe by it). */
function envelope(id: string, type: string, data: Record<string, unknown>): string {
  return JSON.stringify({ id, type, created_at: new Date().toISOString(), data });
}

function dedupeEvents(events: WebhookEventType[]): WebhookEventType[] {
  return WEBHOOK_EVENT_TYPES.filter((t) => events.includes(t));
}
