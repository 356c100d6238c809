-- Appends one event to a stream if the stream is where the caller believes it is (compare and
-- set on epoch and last seq), and routes it to the instances holding the user, atomically.
-- Fairness: an instance whose expectation failed claims the next append for 200 ms (KEYS 5);
-- the others yield until it appended, so one instance appending fast cannot starve another.
-- KEYS: 1 meta hash, 2 log stream, 3 user registry zset, 4 readers hash, 5 claim
-- ARGV: 1 expected epoch (with expected seq 0: the epoch proposed for a new stream), 2 expected
--       last seq (0 = the caller believes the stream absent),
--       3 deadline (Redis ms; 0 = none), 4 type, 5 run ('' = none), 6 lifecycle '1'/'0', 7 frame,
--       8 max events, 9 max age ms, 10 stream ttl ms, 11 this instance, 12 key prefix,
--       13 target kind 'u'/'t', 14 user, 15 thread, 16 inbox max length, and for a delta of a
--       streamed message: 17 message (or tool call) id, 18 tool name ('' = none), 19 its text
local now = now_ms()
local deadline = tonumber(ARGV[3])
if deadline > 0 and now > deadline then return {'late'} end
local meta, log, claim = KEYS[1], KEYS[2], KEYS[5]
local self = ARGV[11]
local claimant = redis.call('GET', claim)
local epoch = redis.call('HGET', meta, 'epoch')
if claimant and claimant ~= self then
  return {'moved', epoch or '', tostring(redis.call('HGET', meta, 'seq') or 0)}
end
local g, seq
if not epoch then
  if tonumber(ARGV[2]) ~= 0 then
    redis.call('SET', claim, self, 'PX', 200)
    return {'moved', '', '0'}
  end
  -- A new stream, in the epoch the caller proposed.
  epoch = ARGV[1]
  redis.call('DEL', log, counted_ids(log))
  g, seq = 1, 1
  redis.call('HSET', meta, 'epoch', epoch, 'g', 1, 'seq', 1, 'e:1', epoch, 'g:' .. epoch, 1, 'c:1', 0)
else
  local last = tonumber(redis.call('HGET', meta, 'seq'))
  if epoch ~= ARGV[1] or last ~= tonumber(ARGV[2]) then
    if not claimant then redis.call('SET', claim, self, 'PX', 200) end
    return {'moved', epoch, tostring(last)}
  end
  g = tonumber(redis.call('HGET', meta, 'g'))
  seq = last + 1
  redis.call('HSET', meta, 'seq', seq)
end
if claimant then redis.call('DEL', claim) end
local fields = {'s', seq, 'e', epoch, 't', ARGV[4], 'r', ARGV[5], 'l', ARGV[6], 'a', now,
  'f', ARGV[7]}
if ARGV[17] then
  for _, f in ipairs({'pi', ARGV[17], 'pn', ARGV[18], 'px', ARGV[19]}) do fields[#fields + 1] = f end
end
add_entry(log, g .. '-' .. seq, ARGV[4], ARGV[8], fields)
if ARGV[6] == '1' then
  redis.call('HSET', meta, 'lct', ARGV[4], 'lcr', ARGV[5], 'lcs', seq)
end
trim_age(log, now - tonumber(ARGV[9]))
redis.call('PEXPIRE', meta, ARGV[10])
expire_log(log, ARGV[10])
local routed = route(ARGV[12], ARGV[11], KEYS[3], KEYS[4], now, ARGV[13], ARGV[14], ARGV[15],
  ARGV[7], ARGV[16])
return {'ok', epoch, tostring(seq), tostring(now), tostring(routed)}
