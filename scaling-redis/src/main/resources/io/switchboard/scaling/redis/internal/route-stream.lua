-- Routes a stream frame that was not appended by this module's log (another ReplayLog is in use)
-- to the inboxes of the user's other instances.
-- KEYS: 1 user registry zset, 2 readers hash
-- ARGV: 1 key prefix, 2 this instance, 3 kind, 4 user, 5 thread, 6 frame, 7 inbox max, 8 deadline
local deadline = tonumber(ARGV[8])
local now = now_ms()
if deadline > 0 and now > deadline then return 0 end
return route(ARGV[1], ARGV[2], KEYS[1], KEYS[2], now, ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
