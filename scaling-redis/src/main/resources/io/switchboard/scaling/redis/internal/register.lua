-- Registers connections of this instance and enforces the cluster-wide per-user limit: when a user
-- holds more than the limit, the oldest connections (by admission order) are removed from the
-- registry and closed by their owner: returned here when local, otherwise put in the owner's
-- evict set (durable) and announced on its channel (fast path).
-- ARGV: 1 key prefix, 2 this instance, 3 limit (0 = none), then pairs: connection, user
local prefix, self, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local evicted = {}
local alive = {}
alive[self] = true
local function is_alive(inst)
  if alive[inst] == nil then
    alive[inst] = redis.call('EXISTS', prefix .. ':inst:' .. inst) == 1
  end
  return alive[inst]
end
local function unlink(inst, conn, user)
  redis.call('HDEL', prefix .. ':inst:' .. inst .. ':conns', conn)
  if redis.call('HGET', prefix .. ':conns', conn) == inst .. '|' .. user then
    redis.call('HDEL', prefix .. ':conns', conn)
  end
end
for i = 4, #ARGV, 2 do
  local conn, user = ARGV[i], ARGV[i + 1]
  local zkey = prefix .. ':user:' .. user
  for _, member in ipairs(redis.call('ZRANGE', zkey, 0, -1)) do
    local inst, c = string.match(member, '^([^|]+)|(.*)$')
    if inst and not is_alive(inst) then
      redis.call('ZREM', zkey, member)
      unlink(inst, c, user)
    end
  end
  local order = redis.call('INCR', prefix .. ':admissions')
  redis.call('ZADD', zkey, 'NX', order, self .. '|' .. conn)
  redis.call('HSET', prefix .. ':inst:' .. self .. ':conns', conn, user)
  redis.call('HSET', prefix .. ':conns', conn, self .. '|' .. user)
  redis.call('SADD', prefix .. ':users', user)
  if limit > 0 then
    local n = redis.call('ZCARD', zkey)
    if n > limit then
      for _, member in ipairs(redis.call('ZRANGE', zkey, 0, n - limit - 1)) do
        local inst, c = string.match(member, '^([^|]+)|(.*)$')
        redis.call('ZREM', zkey, member)
        unlink(inst, c, user)
        if inst == self then
          evicted[#evicted + 1] = c
        else
          redis.call('SADD', prefix .. ':inst:' .. inst .. ':evict', c)
          redis.call('PUBLISH', prefix .. ':ch:' .. inst, 'E|' .. c)
        end
      end
    end
  end
end
return evicted
