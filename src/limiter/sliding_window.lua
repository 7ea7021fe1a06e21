-- Sliding-window log rate limiter: one atomic decision per call (one round trip).
--
-- KEYS[1]  window key  <prefix>ratelimit:{<company>}        sorted set, member per permit, score = µs
-- KEYS[2]  block key   <prefix>ratelimit-block:{<company>}  set with PX after a 240024 answer
-- ARGV[1]  limit       permits allowed in any window
-- ARGV[2]  window_ms   window length the receiver counts in
-- ARGV[3]  guard_ms    extra time a permit keeps occupying the window (decision -> arrival delay)
-- ARGV[4]  reserve     slots this lane may not use (0 for interactive, the reserve for background)
-- ARGV[5]  token       unique per call (instance id + counter), makes members unique
--
-- Returns {1, 0} allowed, {0, ms} limited (ms until the slot this lane needs frees),
-- {2, ms} blocked (remaining block time). Time is the Redis server's clock, so every
-- instance decides against one clock.

local block_ms = redis.call('PTTL', KEYS[2])
if block_ms > 0 then
  return {2, block_ms}
end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local limit = tonumber(ARGV[1])
local span = (tonumber(ARGV[2]) + tonumber(ARGV[3])) * 1000
local cap = limit - tonumber(ARGV[4])

-- A permit taken at s occupies [s, s + span): drop every one that has ended.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - span))
local count = redis.call('ZCARD', KEYS[1])

if count < cap then
  local stamp = string.format('%.0f', now)
  redis.call('ZADD', KEYS[1], stamp, stamp .. '-' .. ARGV[5])
  redis.call('PEXPIRE', KEYS[1], math.ceil(span / 1000) + 1000)
  return {1, 0}
end

-- The lane needs count - cap + 1 permits to end; the (count - cap)-th oldest ends last.
local oldest = redis.call('ZRANGE', KEYS[1], count - cap, count - cap, 'WITHSCORES')
local wait = tonumber(oldest[2]) + span - now
if wait < 1000 then
  wait = 1000
end
return {0, math.ceil(wait / 1000)}
