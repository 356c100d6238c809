-- Renews this instance's heartbeat key and keeps its inbox alive. Answers whether the key still
-- existed (if not, the registry lost this instance: it expired, or Redis lost its data) and
-- Redis's clock.
-- KEYS (the instance's slot): 1 heartbeat key, 2 inbox, 3 inbox counter
-- ARGV: 1 ttl ms, 2 value (connection count), 3 inbox ttl ms
local old = redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1], 'GET')
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return {old and 1 or 0, tostring(now_ms())}
