-- Copies permits an instance granted from memory while Redis failed into the company's window,
-- so that once Redis answers again every instance counts them.
--
-- KEYS[1]  window key  <prefix>ratelimit:{<company>}
-- ARGV[1]  token       unique per call (makes members unique)
-- ARGV[2]  span_ms     window + guard: how long a permit occupies its slot (for the key's expiry)
-- ARGV[3…] age_us      how long ago each permit was granted, in µs
--
-- Returns the number of permits added. Uses the Redis server's clock, like the decisions.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
for i = 3, #ARGV do
  local stamp = string.format('%.0f', now - tonumber(ARGV[i]))
  redis.call('ZADD', KEYS[1], stamp, stamp .. '-' .. ARGV[1] .. '-' .. i)
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
return #ARGV - 2
