-- Adds connections of this instance to a user's connections, in admission order; answers how many
-- the user holds now. The cluster-wide limit is enforced later (enforce.lua), once connections of
-- instances that died have stopped counting.
-- KEYS (the user's slot): 1 user's connections zset
-- ARGV: 1 this instance, then connection ids
local t = redis.call('TIME')
local order = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], 'NX', order + i, ARGV[1] .. '|' .. ARGV[i])
end
return redis.call('ZCARD', KEYS[1])
