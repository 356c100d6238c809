-- Publishes a frame for one connection on its owner's channel, if another live instance owns it.
-- ARGV: 1 key prefix, 2 this instance, 3 connection, 4 message, 5 deadline (Redis ms; 0 = none)
local prefix, self = ARGV[1], ARGV[2]
local deadline = tonumber(ARGV[5])
if deadline > 0 and now_ms() > deadline then return 0 end
local owner = redis.call('HGET', prefix .. ':conns', ARGV[3])
if not owner then return 0 end
local inst = string.match(owner, '^([^|]+)|')
if not inst or inst == self or redis.call('EXISTS', prefix .. ':inst:' .. inst) == 0 then return 0 end
redis.call('PUBLISH', prefix .. ':ch:' .. inst, ARGV[4])
return 1
