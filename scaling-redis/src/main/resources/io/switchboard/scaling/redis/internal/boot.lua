-- Lists this instance among the cluster's instances and answers the data set's boot marker,
-- created if absent: a new value means this Redis (its node holding this slot) lost its data.
-- KEYS (the global slot): 1 boot marker, 2 instances set
-- ARGV: 1 this instance
redis.call('SADD', KEYS[2], ARGV[1])
local boot = redis.call('GET', KEYS[1])
if not boot then
  boot = 'b' .. now_ms() .. '-' .. ARGV[1]
  redis.call('SET', KEYS[1], boot)
end
return boot
