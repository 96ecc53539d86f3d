/**
 * Another process on the event bus, for the RedisEventBus tests, run as
 *   node --import <tsx> event-bus-peer.fixture.ts <redisUrl> <channel> listen
 *   node --import <tsx> event-bus-peer.fixture.ts <redisUrl> <channel> publish <event JSON>…
 * `listen` prints READY once subscribed, then `EVENT <json>` for every event it receives. `publish`
 * publishes the events in order, then closes the bus (which waits for the publications) and exits.
 */
import type { SiftEvent } from '@sift/core';
import { RedisEventBus } from '../redis-event-bus.adapter.js';

const [url, channel, mode, ...events] = process.argv.slice(2);
if (!url || !channel || (mode !== 'listen' && mode !== 'publish')) {
  console.error('usage: event-bus-peer.fixture.ts <redisUrl> <channel> listen|publish [event JSON…]');
  process.exit(2);
}

const bus = await RedisEventBus.connect(url, { channel });
if (mode === 'listen') {
  bus.subscribe((event) => console.log(`EVENT ${JSON.stringify(event)}`));
  process.once('SIGTERM', () => void bus.close().then(() => process.exit(0)));
  console.log('READY');
} else {
  for (const json of events) bus.publish(JSON.parse(json) as SiftEvent);
  await bus.close();
}
