import type { Config } from '@sift/config';
import {
  deliverWebhook,
  LOCAL_USER_ID,
  NotificationService,
  ROLE_SCOPES,
  WebhookService,
  type Access,
  type AccessResolver,
  type EventBus,
  type JobHandler,
  type JobPayloads,
  type Logger,
  type MetadataStore,
  type MetricsPort,
  type SiftEvent,
  type TaskService,
  type WebhookSender,
} from '@sift/core';
import type { Identity } from './identity.js';
import { HttpWebhookSender } from './webhook-sender.js';

/**
 * An EventBus that also hands every event published *in this process* to one local handler. In the scale-out
 * shape the bus is Redis pub/sub and every node hears every event; were notifications and webhook deliveries
 * made by a subscriber, each node would make them again. Made where the event is published, they are made
 * once per event whatever the number of nodes — and without depending on pub/sub, which is best effort. The
 * stores' unique keys (notification key per user, event key per webhook) make a second handling of the same
 * occurrence (a job run again after a crash) add nothing.
 */
export class PublishTap implements EventBus {
  private handler: ((event: SiftEvent) => void) | null = null;

  constructor(private readonly bus: EventBus) {}

  publish(event: SiftEvent): void {
    this.bus.publish(event);
    this.handler?.(event);
  }

  subscribe(listener: (event: SiftEvent) => void): () => void {
    return this.bus.subscribe(listener);
  }

  /** Sets the handler of locally published events (one; set after the services it needs exist). */
  attach(handler: (event: SiftEvent) => void): void {
    this.handler = handler;
  }
}

/** Notifications and webhooks of one process. */
export interface Notify {
  notifications: NotificationService;
  webhooks: WebhookService;
  sender: WebhookSender;
  /** Makes the notifications and deliveries of one locally published event (in the background). */
  handle(event: SiftEvent): void;
  /** The `webhook.deliver` job handler. */
  deliver: JobHandler<JobPayloads['webhook.deliver']>;
  /** Resolves once every event handed to `handle` so far is handled (tests; close). */
  idle(): Promise<void>;
  /** Stops taking events and waits for those in hand. */
  close(): Promise<void>;
}

export function createNotify(
  config: Config,
  deps: {
    metadata: MetadataStore;
    tasks: TaskService;
    events: EventBus;
    identity: Pick<Identity, 'access' | 'enabled' | 'operator'>;
    logger: Logger;
    sender?: WebhookSender;
    metrics?: MetricsPort;
  },
): Notify {
  const repo = deps.metadata.notifications;
  const sender = deps.sender ?? new HttpWebhookSender(config.operations.webhooks);
  const { identity } = deps;
  // Sign-in off: every request is the operator, acting as the built-in local user (whose row is no admin).
  const notifications = new NotificationService(repo, deps.events, async () => {
    const admins = await repo.adminIds();
    return identity.enabled || admins.includes(LOCAL_USER_ID) ? admins : [...admins, LOCAL_USER_ID];
  });
  const webhooks = new WebhookService({
    repo,
    tasks: deps.tasks,
    sender,
    ownerAccess: (ownerId) =>
      !identity.enabled && ownerId === LOCAL_USER_ID
        ? Promise.resolve(identity.operator())
        : ownerAccess(deps.metadata, identity.access, ownerId),
  });
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  const run = async (event: SiftEvent) => {
    // One failing part must not keep the other from its work.
    const results = await Promise.allSettled([notifications.handle(event), webhooks.dispatch(event)]);
    for (const r of results) {
      if (r.status === 'rejected')
        deps.logger.warn({ err: r.reason, event: event.type }, 'could not notify of an event');
    }
  };
  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return {
    notifications,
    webhooks,
    sender,
    handle(event) {
      if (closed) return;
      const work = run(event);
      pending.add(work);
      void work.finally(() => pending.delete(work));
    },
    deliver: ({ payload, task }) =>
      deliverWebhook({ repo, sender, metrics: deps.metrics }, { payload, task }),
    idle,
    async close() {
      closed = true;
      await idle();
    },
  };
}

/** The access a webhook's owner has now: its account's role and shares (null: gone or disabled). */
async function ownerAccess(
  metadata: MetadataStore,
  resolver: AccessResolver,
  ownerId: string,
): Promise<Access | null> {
  const account = await metadata.identity.accounts.get(ownerId);
  if (!account || !account.isActive) return null;
  return resolver.resolve({
    kind: 'user',
    userId: account.id,
    role: account.role,
    scopes: ROLE_SCOPES[account.role],
  });
}
