-- Renews this instance's heartbeat key. Answers whether the key still existed (if not, the
-- registry lost this instance: it expired, or Redis lost its data), the data-set's boot marker
-- (created once; a new value means Redis restarted empty) and Redis's clock.
-- ARGV: 1 key prefix, 2 this instance, 3 ttl ms, 4 value
local prefix, self = ARGV[1], ARGV[2]
local key = prefix .. ':inst:' .. self
local existed = redis.call('EXISTS', key)
redis.call('SET', key, ARGV[4], 'PX', ARGV[3])
redis.call('SADD', prefix .. ':instances', self)
local now = now_ms()
local boot = boot_marker(prefix, now)
return {existed, boot, tostring(now)}
