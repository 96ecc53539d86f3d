export * from './notify.types.js';
export { notificationDrafts, SUCCESS_WINDOW_MS } from './notification-policy.js';
export { NotificationService } from './notification.service.js';
export {
  WebhookService,
  isWebhookEvent,
  type OwnerAccess,
  type WebhookServiceDeps,
} from './webhook.service.js';
export { deliverWebhook } from './webhook-delivery.js';
export { eventKey, webhookData } from './webhook-payload.js';
export {
  DEFAULT_TOLERANCE_S,
  SIGNATURE_HEADER,
  newWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
  type SignatureCheck,
} from './webhook-signature.js';
export {
  NOTIFICATION_RETENTION_DAYS,
  WEBHOOK_DELIVERY_RETENTION_DAYS,
  invalidRetentionCutoff,
  pruneNotify,
  type NotifyPruneResult,
} from './notify-retention.js';
