-- Removes this instance's registry entries that it no longer holds (after commands were lost
-- while Redis was unreachable). Registrations of what it holds are sent before this script.
-- ARGV: 1 key prefix, 2 this instance, 3 number of connections N, then N connections, then rooms
local prefix, self, n = ARGV[1], ARGV[2], tonumber(ARGV[3])
local base = prefix .. ':inst:' .. self
local held, rooms = {}, {}
for i = 4, 3 + n do held[ARGV[i]] = true end
for i = 4 + n, #ARGV do rooms[ARGV[i]] = true end
local fields = redis.call('HGETALL', base .. ':conns')
local removed = 0
for i = 1, #fields, 2 do
  local conn, user = fields[i], fields[i + 1]
  if not held[conn] then
    local zkey = prefix .. ':user:' .. user
    redis.call('ZREM', zkey, self .. '|' .. conn)
    if redis.call('ZCARD', zkey) == 0 then
      redis.call('DEL', zkey)
      redis.call('SREM', prefix .. ':users', user)
    end
    if redis.call('HGET', prefix .. ':conns', conn) == self .. '|' .. user then
      redis.call('HDEL', prefix .. ':conns', conn)
    end
    redis.call('HDEL', base .. ':conns', conn)
    removed = removed + 1
  end
end
for _, room in ipairs(redis.call('SMEMBERS', base .. ':rooms')) do
  if not rooms[room] then
    redis.call('SREM', prefix .. ':room:' .. room, self)
    redis.call('SREM', base .. ':rooms', room)
    redis.call('PUBLISH', prefix .. ':ch:rooms', '-|' .. self .. '|' .. room)
    removed = removed + 1
  end
end
return removed
