-- Moves the events a stream received while Redis was unreachable (kept locally, in their own
-- epoch) into the shared log as a new segment, and routes them to the user's other instances.
-- The segment continues the previous one ('c:g' = 1) only if the log is exactly where it was when
-- the instance lost Redis; otherwise it is a break: older cursors get epoch_changed.
-- Idempotent: a segment already adopted is not adopted twice.
-- KEYS: 1 meta hash, 2 log stream, 3 user registry zset, 4 readers hash
-- ARGV: 1 base epoch ('' = unknown), 2 base seq, 3 segment epoch, 4 max events, 5 max age ms,
--       6 stream ttl ms, 7 this instance, 8 key prefix, 9 target kind, 10 user, 11 thread,
--       12 inbox max length, 13 event count, then per event: seq, type, run, lifecycle, stored
--       at ms, frame
local now = now_ms()
local meta, log = KEYS[1], KEYS[2]
local epoch = redis.call('HGET', meta, 'epoch')
local seg = ARGV[3]
local g, continuous
if not epoch then
  redis.call('DEL', log, counted_ids(log))
  redis.call('DEL', meta)
  g, continuous = 1, 0
else
  if redis.call('HEXISTS', meta, 'g:' .. seg) == 1 then return {'already', '0', '0'} end
  local last = tonumber(redis.call('HGET', meta, 'seq'))
  local cg = tonumber(redis.call('HGET', meta, 'g'))
  continuous = (epoch == ARGV[1] and last == tonumber(ARGV[2])) and 1 or 0
  g = cg + 1
  redis.call('HSET', meta, 'l:' .. cg, last)
  -- Keep the metadata of the 16 newest segments only.
  local old = g - 16
  if old >= 1 then
    local old_epoch = redis.call('HGET', meta, 'e:' .. old)
    if old_epoch then redis.call('HDEL', meta, 'g:' .. old_epoch) end
    redis.call('HDEL', meta, 'e:' .. old, 'c:' .. old, 'l:' .. old)
  end
end
redis.call('HSET', meta, 'epoch', seg, 'g', g, 'e:' .. g, seg, 'g:' .. seg, g, 'c:' .. g, continuous)
local count = tonumber(ARGV[13])
local last_seq = 0
local routed = 0
for i = 0, count - 1 do
  local b = 14 + i * 6
  local seq, typ, run, lc, at, frame = ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4], ARGV[b + 5]
  add_entry(log, g .. '-' .. seq, typ, ARGV[4],
    {'s', seq, 'e', seg, 't', typ, 'r', run, 'l', lc, 'a', at, 'f', frame})
  if lc == '1' then redis.call('HSET', meta, 'lct', typ, 'lcr', run, 'lcs', seq) end
  last_seq = seq
  routed = routed + route(ARGV[8], ARGV[7], KEYS[3], KEYS[4], now, ARGV[9], ARGV[10], ARGV[11],
    frame, ARGV[12])
end
redis.call('HSET', meta, 'seq', last_seq)
trim_age(log, now - tonumber(ARGV[5]))
redis.call('PEXPIRE', meta, ARGV[6])
expire_log(log, ARGV[6])
return {'ok', tostring(continuous), tostring(routed)}
