import type { QueueName, WorkerInfo } from '@sift/core';
import type { ChainableCommander, Redis } from 'ioredis';

/** Forgets the workers last seen before ARGV[2] in one step; returns how many. KEYS: info, started, seen. */
const PRUNE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[1])
for _, id in ipairs(ids) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
return #ids
`;

/**
 * The worker processes of a Redis queue, for `sift status` and readiness: what each serves (a hash), when it
 * first registered (a hash written once), and when it was last seen (a sorted set, so that pruning the dead
 * ones is a range).
 */
export class RedisWorkerRegistry {
  private readonly keys: { info: string; started: string; seen: string };

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly now: () => number,
  ) {
    this.keys = {
      info: `${prefix}:sift:workers`,
      started: `${prefix}:sift:workers:started`,
      seen: `${prefix}:sift:workers:seen`,
    };
  }

  async register(info: Omit<WorkerInfo, 'lastSeenAt'>): Promise<void> {
    const { id, pid, hostname, queues } = info;
    // A re-registration is a sign of life: the worker keeps the start time of its first registration.
    await execOrThrow(
      this.redis
        .multi()
        .hset(this.keys.info, id, JSON.stringify({ pid, hostname, queues }))
        .hsetnx(this.keys.started, id, new Date(Date.parse(info.startedAt)).toISOString())
        .zadd(this.keys.seen, this.now(), id),
    );
  }

  async unregister(id: string): Promise<void> {
    await execOrThrow(
      this.redis.multi().hdel(this.keys.info, id).hdel(this.keys.started, id).zrem(this.keys.seen, id),
    );
  }

  async prune(before: Date): Promise<number> {
    const { info, started, seen } = this.keys;
    return Number(await this.redis.eval(PRUNE, 3, info, started, seen, before.getTime()));
  }

  /** Ordered by start time, then id. */
  async list(): Promise<WorkerInfo[]> {
    const [infos, started, seen] = (await execOrThrow(
      this.redis
        .multi()
        .hgetall(this.keys.info)
        .hgetall(this.keys.started)
        .zrange(this.keys.seen, 0, -1, 'WITHSCORES'),
    )) as [Record<string, string>, Record<string, string>, string[]];
    const lastSeen = new Map<string, number>();
    for (let i = 0; i + 1 < seen.length; i += 2) lastSeen.set(seen[i] as string, Number(seen[i + 1]));
    const workers = Object.entries(infos).map(([id, json]): WorkerInfo => {
      const info = JSON.parse(json) as { pid: number; hostname: string; queues: QueueName[] };
      return {
        id,
        pid: info.pid,
        hostname: info.hostname,
        queues: info.queues,
        startedAt: started[id] ?? new Date(0).toISOString(),
        lastSeenAt: new Date(lastSeen.get(id) ?? 0).toISOString(),
      };
    });
    return workers.sort((a, b) =>
      a.startedAt !== b.startedAt ? (a.startedAt < b.startedAt ? -1 : 1) : a.id < b.id ? -1 : 1,
    );
  }
}

/** Runs a MULTI and returns its replies, or throws the first error in it. */
export async function execOrThrow(multi: ChainableCommander): Promise<unknown[]> {
  const results = await multi.exec();
  // exec() answers null only when a WATCHed key changed; these transactions watch nothing.
  if (!results) throw new Error('a Redis transaction was aborted');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
