import { luaScript as script } from './redis-task.lua.js';

/*
 * The scripts of worker and operator transitions. A worker names itself in each: `owned` refuses any
 * transition from a worker that no longer holds the running task.
 */

/** ARGV: prefix, now, id, workerId, leaseMs, leaseUntil. Returns held, lost or cancelled. */
const heartbeat = script(`
local q, jobKey = locate(ARGV[3])
if not q then return 'lost' end
local f = rcall('HMGET', jobKey, 'status', 'workerId')
if f[1] == 'running' and f[2] == ARGV[4] then
  rcall('SET', jobKey .. ':lock', ARGV[4], 'PX', ARGV[5])
  rcall('HSET', jobKey, 'leaseUntil', ARGV[6])
  return 'held'
end
if f[1] == 'cancelled' then return 'cancelled' end
return 'lost'
`);

/** ARGV: prefix, now, id, workerId, progress, stage as JSON (null clears it). */
const progress = script(`
local q, jobKey = owned(ARGV[3], ARGV[4])
if not q then return 0 end
rcall('HSET', jobKey, 'progress', ARGV[5], 'updatedAt', now)
setNullable(jobKey, 'stage', ARGV[6])
return 1
`);

/** ARGV: prefix, now, id, workerId, result as JSON ('' for none). */
const complete = script(`
local id = ARGV[3]
local q, jobKey = owned(id, ARGV[4])
if not q then return 0 end
leaveActive(q, id, jobKey)
if ARGV[5] == '' then rcall('HDEL', jobKey, 'returnvalue') else rcall('HSET', jobKey, 'returnvalue', ARGV[5]) end
rcall('HSET', jobKey, 'progress', '1')
finishAs(q, id, jobKey, 'succeeded')
return 1
`);

/**
 * ARGV: prefix, now, id, workerId, error code, message, stack as JSON, retryable (1/0), interrupted (1/0),
 * outcome (retry, failed or dead), retryAt (epoch ms, for retry).
 */
const fail = script(`
local id = ARGV[3]
local q, jobKey = owned(id, ARGV[4])
if not q then return 0 end
leaveActive(q, id, jobKey)
rcall('HSET', jobKey, 'errorCode', ARGV[5], 'failedReason', ARGV[6], 'errorRetryable', ARGV[8], 'updatedAt', now)
setNullable(jobKey, 'errorStack', ARGV[7])
if ARGV[9] == '1' then rcall('HINCRBY', jobKey, 'interruptions', 1) end
rcall('HINCRBY', jobKey, 'atm', 1)
if ARGV[10] == 'retry' then
  rcall('HDEL', jobKey, 'workerId')
  rcall('HSET', jobKey, 'runAfter', ARGV[11])
  toPending(q, id, jobKey)
else
  finishAs(q, id, jobKey, ARGV[10])
end
return 1
`);

/** ARGV: prefix, now, id, workerId. The attempt is given back: attempts go down by one. */
const release = script(`
local id = ARGV[3]
local q, jobKey = owned(id, ARGV[4])
if not q then return 0 end
leaveActive(q, id, jobKey)
local attempts = tonumber(rcall('HGET', jobKey, 'ats')) or 0
rcall('HSET', jobKey, 'ats', math.max(0, attempts - 1), 'updatedAt', now)
rcall('HDEL', jobKey, 'workerId')
toPending(q, id, jobKey)
return 1
`);

/** ARGV: prefix, now, id. workerId stays, so the heartbeat of its worker reports cancelled, not lost. */
const cancel = script(`
local id = ARGV[3]
local q, jobKey = locate(id)
if not q then return false end
if isActive(rcall('HGET', jobKey, 'status')) then
  rcall('ZREM', key(q, 'delayed'), id)
  rcall('ZREM', key(q, 'prioritized'), id)
  leaveActive(q, id, jobKey)
  finishAs(q, id, jobKey, 'cancelled')
end
return snapshot(q, id, jobKey)
`);

/** ARGV: prefix, now, id. Returns the task, or {'!taken', holderId, uniqueKey} when its key is held. */
const retry = script(`
local id = ARGV[3]
local q, jobKey = locate(id)
if not q then return false end
local status = rcall('HGET', jobKey, 'status')
if status ~= 'failed' and status ~= 'dead' then return snapshot(q, id, jobKey) end
local uniqueKey = rcall('HGET', jobKey, 'uniqueKey')
if uniqueKey then
  local holder = uniqueHolder(uniqueKey)
  if holder and holder ~= id then return {'!taken', holder, uniqueKey} end
  rcall('HSET', siftKey('unique'), uniqueKey, id)
end
rcall('ZREM', key(q, 'failed'), id)
rcall('ZREM', key(q, 'dead'), id)
rcall('HDEL', jobKey, 'returnvalue', 'progress', 'stage', 'errorCode', 'failedReason', 'errorStack',
  'errorRetryable', 'workerId', 'leaseUntil', 'processedOn', 'finishedOn')
rcall('HSET', jobKey, 'ats', 0, 'atm', 0, 'interruptions', 0, 'runAfter', now, 'updatedAt', now)
toPending(q, id, jobKey)
return snapshot(q, id, jobKey)
`);

export const TRANSITION_SCRIPTS = {
  siftHeartbeat: heartbeat,
  siftProgress: progress,
  siftComplete: complete,
  siftFail: fail,
  siftRelease: release,
  siftCancel: cancel,
  siftRetry: retry,
} as const;
