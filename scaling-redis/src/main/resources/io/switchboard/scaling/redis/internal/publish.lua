-- Publishes one message on several channels, unless it is late: a publish that Lettuce retried
-- after a reconnect, past its deadline, is dropped rather than delivered twice or out of time.
-- ARGV: 1 deadline (Redis ms; 0 = none), 2 message, then channels
local deadline = tonumber(ARGV[1])
if deadline > 0 and now_ms() > deadline then return 0 end
local n = 0
for i = 3, #ARGV do
  redis.call('PUBLISH', ARGV[i], ARGV[2])
  n = n + 1
end
return n
