-- Removes connections of this instance from the registry.
-- ARGV: 1 key prefix, 2 this instance, then pairs: connection, user
local prefix, self = ARGV[1], ARGV[2]
for i = 3, #ARGV, 2 do
  local conn, user = ARGV[i], ARGV[i + 1]
  local zkey = prefix .. ':user:' .. user
  redis.call('ZREM', zkey, self .. '|' .. conn)
  redis.call('HDEL', prefix .. ':inst:' .. self .. ':conns', conn)
  if redis.call('HGET', prefix .. ':conns', conn) == self .. '|' .. user then
    redis.call('HDEL', prefix .. ':conns', conn)
  end
  if redis.call('ZCARD', zkey) == 0 then
    redis.call('DEL', zkey)
    redis.call('SREM', prefix .. ':users', user)
  end
end
return 0
