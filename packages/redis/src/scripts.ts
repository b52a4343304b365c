import type { Cluster, Redis } from 'ioredis'

/**
 * The Lua scripts the backend runs. ioredis sends each one by EVALSHA, loading it with EVAL
 * the first time a connection sees it and again after a NOSCRIPT reply (a restarted or
 * flushed server), so they cost one round trip only once per connection. Every script
 * touches only the keys it is given, all in one slot, so they run on a cluster too.
 */

/**
 * Writes everything one name needs from one batch, in one command: its index entries, then
 * the folded cells of each bucket key, then each key's expiry.
 *
 * KEYS: the index keys (the meta set, then one bucket sorted set per interval), then the
 * data keys. ARGV[1]: how many of KEYS are index keys (0 when the call carries none). Then
 * for each index key: its expiry, its argument count, and the SADD members or ZADD
 * score/member pairs. Then two arguments for each data key: a header, the mode letter
 * followed by the expiry, and a payload of items, each ended by a NUL (stored items never
 * hold one). One payload instead of one argument per item keeps the client's cost per
 * bucket rather than per member. An expiry is epoch milliseconds, or empty for never.
 *
 * Modes: `i` takes field/amount pairs; a new hash gets them all in one HSET, otherwise
 * HINCRBY keeps integers exact and HINCRBYFLOAT takes fractional amounts and fields that
 * already hold one (Lua's own arithmetic and number formatting cost more than these calls).
 * `I` is the same without the HSET shortcut, for a payload that names a field twice.
 * `h`, `s` and `l` hand the items to HSET, SADD and RPUSH.
 *
 * An index key lives as long as the newest data it points to: a new key gets the batch's
 * expiry, an expiring key is only ever extended, and a key with no expiry keeps none.
 */
const WRITE = `
local nowMs
local function now()
  if nowMs == nil then
    local t = redis.call('TIME')
    nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return nowMs
end

local function keepUntil(key, existed, at)
  if at == '' then
    redis.call('PERSIST', key)
  elseif existed == 0 then
    redis.call('PEXPIREAT', key, at)
  else
    local ttl = redis.call('PTTL', key)
    if ttl >= 0 and now() + ttl < tonumber(at) then redis.call('PEXPIREAT', key, at) end
  end
end

local function inChunks(command, key, items, first, last)
  local i = first
  while i <= last do
    local stop = math.min(i + 999, last)
    redis.call(command, key, unpack(items, i, stop))
    i = stop + 1
  end
end

local function split(payload)
  local items, n, from = {}, 0, 1
  while true do
    local stop = string.find(payload, '\\0', from, true)
    if stop == nil then return items end
    n = n + 1
    items[n] = string.sub(payload, from, stop - 1)
    from = stop + 1
  end
end

local function increment(key, items, shortcut)
  if shortcut and #items > 2 and redis.call('EXISTS', key) == 0 then
    inChunks('HSET', key, items, 1, #items)
    return
  end
  for i = 1, #items, 2 do
    local field, amount = items[i], items[i + 1]
    if string.find(amount, '[.eE]') then
      redis.call('HINCRBYFLOAT', key, field, amount)
    else
      local done = redis.pcall('HINCRBY', key, field, amount)
      if type(done) == 'table' and done.err then
        redis.call('HINCRBYFLOAT', key, field, amount)
      end
    end
  end
end

local STORE = { h = 'HSET', s = 'SADD', l = 'RPUSH' }

local indexKeys = tonumber(ARGV[1])
local pos = 2
for k = 1, indexKeys do
  local at, count = ARGV[pos], tonumber(ARGV[pos + 1])
  local existed = at ~= '' and redis.call('EXISTS', KEYS[k]) or 1
  inChunks(k == 1 and 'SADD' or 'ZADD', KEYS[k], ARGV, pos + 2, pos + 1 + count)
  keepUntil(KEYS[k], existed, at)
  pos = pos + 2 + count
end

for k = indexKeys + 1, #KEYS do
  local key, header = KEYS[k], ARGV[pos]
  local mode, at = string.sub(header, 1, 1), string.sub(header, 2)
  local items = split(ARGV[pos + 1])
  if mode == 'i' or mode == 'I' then
    increment(key, items, mode == 'i')
  else
    inChunks(STORE[mode], key, items, 1, #items)
  end
  if at ~= '' then redis.call('PEXPIREAT', key, at) end
  pos = pos + 2
end
return #KEYS
`

/**
 * Reads many keys of one name with one command. ARGV: the read command and its arguments
 * after the key (HGETALL, SMEMBERS, or LRANGE 0 -1). Returns one string per key: the reply's
 * items joined by NUL, which no stored item holds. One string per bucket instead of two per
 * member makes the reply several times cheaper for the client to parse.
 */
const FETCH = `
local out = {}
for i = 1, #KEYS do
  out[i] = table.concat(redis.call(ARGV[1], KEYS[i], unpack(ARGV, 2)), '\\0')
end
return out
`

/**
 * Drops up to ARGV[1] names whose newest data has expired from a names sorted set, by the
 * server's clock (the one its TTLs run on). Returns the count dropped and that clock.
 */
const PRUNE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
if #dead > 0 then redis.call('ZREM', KEYS[1], unpack(dead)) end
return { #dead, now }
`

/**
 * Forgets an interval whose bucket sorted set has become empty. KEYS: the meta set and the
 * sorted set; ARGV: the interval's meta members. Returns how many meta members remain, so
 * the caller knows when the name holds nothing at all.
 */
const TIDY = `
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[2])
  if #ARGV > 0 then redis.call('SREM', KEYS[1], unpack(ARGV)) end
end
return redis.call('SCARD', KEYS[1])
`

type Reply = Promise<unknown>

/** The script commands, as they appear on a client or a pipeline once defined. */
export interface ScriptCommands<R = Reply> {
  kairosWrite(keyCount: number, ...keysThenArgs: string[]): R
  kairosFetch(keyCount: number, ...keysThenArgs: string[]): R
  kairosPrune(key: string, limit: number): R
  kairosTidy(meta: string, buckets: string, ...members: string[]): R
}

/**
 * Defines the scripts on a client (idempotent: defining again replaces them with the same).
 *
 * @param client - the ioredis client or cluster the backend uses
 * @returns the same client, typed with the script commands
 */
export function defineScripts(client: Redis | Cluster): ScriptCommands {
  client.defineCommand('kairosWrite', { lua: WRITE })
  client.defineCommand('kairosFetch', { lua: FETCH, readOnly: true })
  client.defineCommand('kairosPrune', { lua: PRUNE, numberOfKeys: 1 })
  client.defineCommand('kairosTidy', { lua: TIDY, numberOfKeys: 2 })
  return client as unknown as ScriptCommands
}
