import { luaScript as script } from './redis-task.lua.js';
import { TRANSITION_SCRIPTS } from './redis-task-transition.scripts.js';

/** ARGV: prefix, now, id, queue, uniqueKey ('' for none), then field/value pairs of the new job hash. */
const enqueue = script(`
local id, q, uniqueKey = ARGV[3], ARGV[4], ARGV[5]
if uniqueKey ~= '' then
  local holder, hq, hk = uniqueHolder(uniqueKey)
  if holder then return snapshot(hq, holder, hk) end
  rcall('HSET', siftKey('unique'), uniqueKey, id)
end
local seq = rcall('INCR', siftKey('seq'))
local jobKey = key(q, id)
rcall('HSET', jobKey, 'seq', seq, unpack(ARGV, 6))
rcall('HSET', siftKey('queues'), id, q)
rcall('ZADD', siftKey('order'), seq, id)
toPending(q, id, jobKey)
return snapshot(q, id, jobKey)
`);

/** ARGV: prefix, now, id. */
const get = script(`
local q, jobKey = locate(ARGV[3])
if not q then return false end
return snapshot(q, ARGV[3], jobKey)
`);

/**
 * ARGV: prefix, now, workerId, leaseMs, leaseUntil, then the queues to claim from in rank order.
 *
 * First sweeps every queue for leases that expired (BullMQ's lock key is gone): such a task counts an
 * interruption and goes back to pending with TASK_LEASE_EXPIRED, or, if that was its last attempt, ends dead.
 * BullMQ's own stalled-job checker does the same but only every stalledInterval and in two passes; the port
 * wants a claim to see an expired lease at once. Then promotes the due tasks of each queue and pops the best.
 */
const claim = script(`
local workerId, leaseMs, leaseUntil = ARGV[3], ARGV[4], ARGV[5]
for _, q in ipairs(QUEUES) do
  for _, id in ipairs(rcall('LRANGE', key(q, 'active'), 0, -1)) do
    local jobKey = key(q, id)
    if rcall('EXISTS', jobKey .. ':lock') == 0 then
      rcall('LREM', key(q, 'active'), 0, id)
      if rcall('EXISTS', jobKey) == 1 then
        rcall('HSET', jobKey, 'errorCode', 'TASK_LEASE_EXPIRED', 'errorRetryable', '1', 'updatedAt', now,
          'failedReason', 'the worker stopped responding during the last attempt')
        rcall('HDEL', jobKey, 'errorStack', 'leaseUntil')
        rcall('HINCRBY', jobKey, 'interruptions', 1)
        local f = rcall('HMGET', jobKey, 'ats', 'maxAttempts')
        if (tonumber(f[1]) or 0) >= tonumber(f[2]) then
          finishAs(q, id, jobKey, 'dead')
        else
          rcall('HDEL', jobKey, 'workerId')
          toPending(q, id, jobKey)
        end
      end
    end
  end
end
for i = 6, #ARGV do
  local q = ARGV[i]
  local due = rcall('ZRANGEBYSCORE', key(q, 'delayed'), '-inf', (tonumber(now) + 1) * 4096 - 1, 'LIMIT', 0, 1000)
  for _, id in ipairs(due) do
    rcall('ZREM', key(q, 'delayed'), id)
    local priority = tonumber(rcall('HGET', key(q, id), 'priority'))
    local counter = rcall('INCR', key(q, 'pc'))
    rcall('ZADD', key(q, 'prioritized'), priority * 0x100000000 + counter % 0x100000000, id)
    rcall('HSET', key(q, id), 'delay', 0)
  end
  local popped = rcall('ZPOPMIN', key(q, 'prioritized'))
  if popped[1] then
    local id = popped[1]
    local jobKey = key(q, id)
    rcall('LPUSH', key(q, 'active'), id)
    rcall('SET', jobKey .. ':lock', workerId, 'PX', leaseMs)
    rcall('HSET', jobKey, 'status', 'running', 'workerId', workerId, 'leaseUntil', leaseUntil,
      'processedOn', now, 'updatedAt', now)
    rcall('HINCRBY', jobKey, 'ats', 1)
    return snapshot(q, id, jobKey)
  end
end
return false
`);

/**
 * ARGV: prefix, now, upper seq bound ('+inf' or '(seq'), how many to return, filter as JSON. Walks the tasks
 * newest first and returns {matches, next upper bound or false}. Looks at no more than SCAN_BUDGET tasks per
 * call, so that a selective filter over a long history never blocks Redis for long: the caller goes on from
 * the bound it gets back.
 */
const list = script(`
local SCAN_BUDGET = 2000
local filter = cjson.decode(ARGV[5])
local function anyOf(values, value)
  if values == nil then return true end
  for _, v in ipairs(values) do if v == value then return true end end
  return false
end
local out = {}
local upper, want, scanned = ARGV[3], tonumber(ARGV[4]), 0
while #out < want and scanned < SCAN_BUDGET do
  local batch = rcall('ZREVRANGEBYSCORE', siftKey('order'), upper, '-inf', 'WITHSCORES', 'LIMIT', 0, 200)
  if #batch == 0 then return {out, false} end
  for i = 1, #batch, 2 do
    local id = batch[i]
    upper = '(' .. batch[i + 1]
    scanned = scanned + 1
    local q, jobKey = locate(id)
    if q then
      local f = rcall('HMGET', jobKey, 'status', 'name', 'ownerId', 'documentId')
      if anyOf(filter.status, f[1]) and anyOf(filter.type, f[2]) and anyOf(filter.queue, q)
        and (filter.ownerId == nil or filter.ownerId == f[3])
        and (filter.documentId == nil or filter.documentId == f[4]) then
        out[#out + 1] = {snapshot(q, id, jobKey), batch[i + 1]}
        if #out >= want then break end
      end
    end
  end
end
return {out, upper}
`);

export const TASK_SCRIPTS = {
  siftEnqueue: enqueue,
  siftGet: get,
  siftClaim: claim,
  siftList: list,
  ...TRANSITION_SCRIPTS,
} as const;

export type TaskScriptName = keyof typeof TASK_SCRIPTS;
