import { QUEUE_NAMES } from '@sift/core';

/**
 * What every Lua script of RedisJobQueue shares. Each transition is one script, so Redis runs it atomically:
 * a worker that lost its lease changes nothing however its calls interleave with the new owner's, and two
 * claimers never take the same task.
 *
 * The data is laid out as BullMQ lays out its queues, so that BullMQ's `Queue`/`Job` read Sift's tasks:
 * - `<prefix>:<queue>:<id>`: the job hash, with BullMQ's fields (name, data, opts, timestamp, delay,
 *   priority, ats, atm, processedOn, finishedOn, returnvalue, failedReason, progress) beside Sift's own
 *   (status, seq, siftPriority, maxAttempts, interruptions, stage, ownerId, documentId, uniqueKey, workerId,
 *   runAfter, leaseUntil, updatedAt, errorCode, errorRetryable, errorStack); absent means null;
 * - `<prefix>:<queue>:delayed|prioritized|active|completed|failed|pc`: BullMQ's state sets and scores;
 * - `<prefix>:<queue>:<id>:lock`: the lease, BullMQ's job lock with the worker id as token;
 * - `<prefix>:<queue>:dead|cancelled`: what BullMQ has no state for (dead letters are in `failed` too);
 * - `<prefix>:sift:queues|order|seq|unique`: which queue holds an id, the creation order for listing, and
 *   the active holder of each uniqueKey (ids are global in Sift, uniqueKeys span queues).
 *
 * Every script takes ARGV[1] = key prefix and ARGV[2] = now (epoch ms, the caller's clock, as BullMQ does).
 * Keys are built inside the scripts, as BullMQ's own scripts do for job keys: a Redis Cluster needs the
 * prefix to carry a hash tag (`{sift}`) so that every key lands in one slot.
 */
const PRELUDE = `
local rcall = redis.call
local prefix = ARGV[1]
local now = ARGV[2]
local QUEUES = {${QUEUE_NAMES.map((q) => `'${q}'`).join(', ')}}
local FINISHED_SET = {succeeded = 'completed', failed = 'failed', dead = 'failed', cancelled = 'cancelled'}

local function key(q, suffix) return prefix .. ':' .. q .. ':' .. suffix end
local function siftKey(name) return prefix .. ':sift:' .. name end

-- Which BullMQ queue holds a task: ids are global in Sift, per queue in BullMQ.
local function locate(id)
  local q = rcall('HGET', siftKey('queues'), id)
  -- A job hash removed behind Sift's back (BullMQ's clean, an eviction) is no task any more.
  if not q or rcall('EXISTS', key(q, id)) == 0 then return nil, nil end
  return q, key(q, id)
end

local function snapshot(q, id, jobKey) return {q, id, rcall('HGETALL', jobKey)} end

-- Pending tasks wait in BullMQ's delayed set, scored like BullMQ (run_after ms * 4096 + 12 bits of order),
-- and are promoted to the prioritized set when due: promotion in run_after order is what makes the claim
-- order "priority, then run_after, then creation".
local function toPending(q, id, jobKey)
  local f = rcall('HMGET', jobKey, 'runAfter', 'seq')
  rcall('ZADD', key(q, 'delayed'), tonumber(f[1]) * 4096 + tonumber(f[2]) % 4096, id)
  rcall('HSET', jobKey, 'status', 'pending')
end

local function isActive(status) return status == 'pending' or status == 'running' end

local function releaseUnique(id, jobKey)
  local uniqueKey = rcall('HGET', jobKey, 'uniqueKey')
  if uniqueKey and rcall('HGET', siftKey('unique'), uniqueKey) == id then
    rcall('HDEL', siftKey('unique'), uniqueKey)
  end
end

-- The active holder of a uniqueKey, if any (the index may still name a holder that has finished).
local function uniqueHolder(uniqueKey)
  local holder = rcall('HGET', siftKey('unique'), uniqueKey)
  if not holder then return nil end
  local q, jobKey = locate(holder)
  if q and isActive(rcall('HGET', jobKey, 'status')) then return holder, q, jobKey end
  return nil
end

-- The ownership guard of every worker transition: only the worker holding a running task may move it.
local function owned(id, workerId)
  local q, jobKey = locate(id)
  if not q then return nil, nil end
  local f = rcall('HMGET', jobKey, 'status', 'workerId')
  if f[1] == 'running' and f[2] == workerId then return q, jobKey end
  return nil, nil
end

local function leaveActive(q, id, jobKey)
  rcall('LREM', key(q, 'active'), 0, id)
  rcall('DEL', jobKey .. ':lock')
  rcall('HDEL', jobKey, 'leaseUntil')
end

local function finishAs(q, id, jobKey, status)
  rcall('ZADD', key(q, FINISHED_SET[status]), now, id)
  -- Dead letters stay in BullMQ's failed set (what BullMQ tools show) and are also indexed on their own.
  if status == 'dead' then rcall('ZADD', key(q, 'dead'), now, id) end
  rcall('HSET', jobKey, 'status', status, 'finishedOn', now, 'updatedAt', now)
  releaseUnique(id, jobKey)
end

local function setNullable(jobKey, field, json)
  local value = cjson.decode(json)
  if value == cjson.null then rcall('HDEL', jobKey, field) else rcall('HSET', jobKey, field, value) end
end
`;

/** A script: the shared prelude, then `body`. */
export const luaScript = (body: string): string => `${PRELUDE}\n${body}`;
