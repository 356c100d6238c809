-- Hands one message to an instance's inbox, numbered so that its reader notices a lost one. A
-- message with a deadline that Lettuce re-sent after a reconnect, past it, is dropped rather than
-- delivered late or twice (rooms, broadcasts and single connections are at most once).
-- KEYS (the target instance's slot): 1 inbox stream, 2 inbox counter
-- ARGV: 1 deadline (Redis ms; 0 = none), 2 max length, 3 ttl ms, then field, value pairs
local deadline = tonumber(ARGV[1])
if deadline > 0 and now_ms() > deadline then return 0 end
local n = redis.call('INCR', KEYS[2])
local entry = {'n', n}
for i = 4, #ARGV do entry[#entry + 1] = ARGV[i] end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(entry))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return n
