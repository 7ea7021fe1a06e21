-- Sliding-window log rate limiter: one or several decisions of one company in one atomic call
-- (one round trip). Several requests are answered exactly as if each had been decided alone,
-- in order, at the same instant; the shared work (block check, clock, trimming, counting,
-- adding the permits, expiry) is done once. Time is the Redis server's clock, so every
-- instance decides against one clock.
--
-- KEYS[1]  window key  <prefix>ratelimit:{<company>}        sorted set, member per permit, score = µs
-- KEYS[2]  block key   <prefix>ratelimit-block:{<company>}  set with PX after a 240024 answer
-- ARGV[1]  limit       permits allowed in any window
-- ARGV[2]  window_ms   window length the receiver counts in
-- ARGV[3]  guard_ms    extra time a permit keeps occupying the window (decision -> arrival delay)
-- ARGV[4]  token       unique per call (instance id + counter); permit i's member is
--                      <stamp>-<token>-<i>, unique across calls and within one
-- ARGV[5]  ahead       permits wanted beyond the requests, to be leased (see lease.rs); 0: none
-- ARGV[6]  later_ms    how much later than now the leased permits' scores are
-- ARGV[7]  up_to       the leased permits may bring the window up to this many, no further
-- ARGV[8…] reserve     one per request, in order: slots that request's lane may not use
--
-- Returns {status1, ms1, status2, ms2, …, leased}: {1, 0} allowed, {0, ms} limited (ms until
-- the slot that request's lane needs frees), {2, ms} blocked (remaining block time); then the
-- number of permits leased, whose members are L-<token>-<j> for j = 1…leased.
--
-- Numbers become strings with '%d' (integer formatting): redis.call would format a number
-- argument with '%.17g' and Lua's own concatenation with '%.14g', both far slower, and this
-- script runs once per round trip for every decision of the service. Every value formatted
-- is an integer below 2^53 (µs since the epoch, counts), so '%d' writes it exactly.

local n = #ARGV - 7
local block_ms = redis.call('PTTL', KEYS[2])
if block_ms > 0 then
  local out = {}
  for i = 1, n do
    out[2 * i - 1] = 2
    out[2 * i] = block_ms
  end
  out[2 * n + 1] = 0
  return out
end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local limit = tonumber(ARGV[1])
local span = (tonumber(ARGV[2]) + tonumber(ARGV[3])) * 1000
local stamp = string.format('%d', now)
local prefix = stamp .. '-' .. ARGV[4] .. '-'

-- A permit taken at s occupies [s, s + span): drop every one that has ended.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - span))
local count = redis.call('ZCARD', KEYS[1])
local added = 0
-- Permits granted in this call and not yet in the set: {score, member, score, member, …}.
-- They are added with one ZADD, before any read of the set and at the end, so every read sees
-- the set exactly as if each permit had been added when it was granted.
local pending = {}
-- The last wait read from the set, by rank: requests refused at the same rank in a row (the
-- set unchanged between them) share one read.
local read_rank, read_wait = -1, 0
local out = {}

for i = 1, n do
  local cap = limit - tonumber(ARGV[7 + i])
  if count < cap then
    pending[#pending + 1] = stamp
    pending[#pending + 1] = prefix .. string.format('%d', i)
    count = count + 1
    added = added + 1
    out[2 * i - 1] = 1
    out[2 * i] = 0
  else
    if #pending > 0 then
      redis.call('ZADD', KEYS[1], unpack(pending))
      pending = {}
      read_rank = -1
    end
    -- The lane needs count - cap + 1 permits to end; the (count - cap)-th oldest ends last.
    local rank = count - cap
    if rank ~= read_rank then
      local at = string.format('%d', rank)
      local oldest = redis.call('ZRANGE', KEYS[1], at, at, 'WITHSCORES')
      local wait = tonumber(oldest[2]) + span - now
      if wait < 1000 then
        wait = 1000
      end
      read_rank, read_wait = rank, math.ceil(wait / 1000)
    end
    out[2 * i - 1] = 0
    out[2 * i] = read_wait
  end
end

-- Leased permits, scored later_ms ahead: each keeps its slot for a whole span after the last
-- moment it may be handed out.
local leased = 0
local later = tonumber(ARGV[6]) * 1000
local room = tonumber(ARGV[7]) - count
if room > 0 then
  leased = math.min(tonumber(ARGV[5]), room)
  local score = string.format('%d', now + later)
  for j = 1, leased do
    pending[#pending + 1] = score
    pending[#pending + 1] = 'L-' .. ARGV[4] .. '-' .. string.format('%d', j)
  end
  added = added + leased
end
out[2 * n + 1] = leased

if #pending > 0 then
  redis.call('ZADD', KEYS[1], unpack(pending))
end
if added > 0 then
  redis.call('PEXPIRE', KEYS[1], string.format('%d', math.ceil((span + later) / 1000) + 1000))
end
return out
