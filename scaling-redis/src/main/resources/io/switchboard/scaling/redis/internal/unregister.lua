-- Removes connections from a user's connections; answers how many the user still holds.
-- KEYS (the user's slot): 1 user's connections zset
-- ARGV: members 'instance|connection'
for i = 1, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
end
local left = redis.call('ZCARD', KEYS[1])
if left == 0 then redis.call('DEL', KEYS[1]) end
return left
