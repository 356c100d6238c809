-- Records that this instance gained ('+') or lost ('-') its first / last member of rooms, and
-- announces it so that other instances' room routes follow at once.
-- ARGV: 1 key prefix, 2 this instance, 3 '+' or '-', then room names
local prefix, self, op = ARGV[1], ARGV[2], ARGV[3]
for i = 4, #ARGV do
  local room = ARGV[i]
  if op == '+' then
    redis.call('SADD', prefix .. ':room:' .. room, self)
    redis.call('SADD', prefix .. ':inst:' .. self .. ':rooms', room)
  else
    redis.call('SREM', prefix .. ':room:' .. room, self)
    redis.call('SREM', prefix .. ':inst:' .. self .. ':rooms', room)
  end
  redis.call('PUBLISH', prefix .. ':ch:rooms', op .. '|' .. self .. '|' .. room)
end
return 0
