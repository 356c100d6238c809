-- Removes the registry entries of an instance whose heartbeat expired (or of this instance when
-- it leaves: ARGV 4 = '1'). Works in batches: answers 'more' until done.
-- ARGV: 1 key prefix, 2 instance, 3 batch size, 4 '1' to clean even if alive
local prefix, inst, batch = ARGV[1], ARGV[2], tonumber(ARGV[3])
local base = prefix .. ':inst:' .. inst
if ARGV[4] ~= '1' and redis.call('EXISTS', base) == 1 then return 'alive' end
local conns = base .. ':conns'
local scan = redis.call('HSCAN', conns, 0, 'COUNT', batch)
local fields = scan[2]
for i = 1, #fields, 2 do
  local conn, user = fields[i], fields[i + 1]
  local zkey = prefix .. ':user:' .. user
  redis.call('ZREM', zkey, inst .. '|' .. conn)
  if redis.call('ZCARD', zkey) == 0 then
    redis.call('DEL', zkey)
    redis.call('SREM', prefix .. ':users', user)
  end
  if redis.call('HGET', prefix .. ':conns', conn) == inst .. '|' .. user then
    redis.call('HDEL', prefix .. ':conns', conn)
  end
  redis.call('HDEL', conns, conn)
end
if redis.call('HLEN', conns) > 0 then return 'more' end
for _, room in ipairs(redis.call('SMEMBERS', base .. ':rooms')) do
  redis.call('SREM', prefix .. ':room:' .. room, inst)
end
redis.call('DEL', base .. ':rooms', base .. ':inbox', base .. ':inbox-seq', base .. ':evict', conns)
redis.call('SREM', prefix .. ':instances', inst)
redis.call('PUBLISH', prefix .. ':ch:rooms', 'X|' .. inst .. '|')
return 'done'
