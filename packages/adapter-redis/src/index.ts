export { createRedisConnection, redactedUrl, type RedisConnectionOptions } from './redis-connection.js';
export { DEFAULT_REDIS_PREFIX, RedisJobQueue, type RedisJobQueueOptions } from './redis-job-queue.adapter.js';
export {
  DEFAULT_EVENT_CHANNEL,
  RedisEventBus,
  type RedisEventBusOptions,
} from './redis-event-bus.adapter.js';
export { DEFAULT_LOGIN_PREFIX, RedisLoginAttemptStore } from './redis-login-attempts.adapter.js';
