-- Answers a resume cursor. Marks this instance as a reader of the user first, so that an event
-- appended after this read is routed here even before the connection's registration lands.
-- Segments: every epoch of a stream is a segment g (entry ids 'g-seq'); meta holds per segment
-- 'e:g' epoch, 'g:<epoch>' g, 'c:g' 1 if g continues g-1 without loss, 'l:g' last seq of g.
-- KEYS: 1 meta hash, 2 log stream, 3 readers hash
-- ARGV: 1 cursor epoch ('' = none), 2 cursor seq, 3 this instance ('' = do not mark),
--       4 reader ttl ms, 5 max age ms, 6 max entries, 7 stream ttl ms
local now = now_ms()
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[3], now + tonumber(ARGV[4]))
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[4]) * 2)
end
local meta, log = KEYS[1], KEYS[2]
trim_age(log, now - tonumber(ARGV[5]))
local m = redis.call('HMGET', meta, 'epoch', 'g', 'seq', 'lct', 'lcr', 'lcs')
if not m[1] then return {'empty'} end
redis.call('PEXPIRE', meta, ARGV[7])
expire_log(log, ARGV[7])
local state = {m[1], m[3], m[4] or '', m[5] or '', m[6] or ''}
local g, last, cseq = tonumber(m[2]), tonumber(m[3]), tonumber(ARGV[2])
local start_g, start_s
if ARGV[1] == '' then
  if cseq > 0 then return {'gap', 'epoch_changed', state} end
  start_g, start_s = g, 1
else
  local cg = redis.call('HGET', meta, 'g:' .. ARGV[1])
  if not cg then return {'gap', 'epoch_changed', state} end
  cg = tonumber(cg)
  if cg == g then
    if cseq > last then return {'gap', 'cursor_ahead', state} end
    if cseq == last then return {'events', state, {}} end
    start_g, start_s = g, cseq + 1
  else
    for h = cg + 1, g do
      if redis.call('HGET', meta, 'c:' .. h) ~= '1' then return {'gap', 'epoch_changed', state} end
    end
    local lg = tonumber(redis.call('HGET', meta, 'l:' .. cg) or '0')
    if cseq > lg then return {'gap', 'cursor_ahead', state} end
    if cseq < lg then start_g, start_s = cg, cseq + 1 else start_g, start_s = cg + 1, 1 end
  end
end
local id = start_g .. '-' .. start_s
-- Everything after the cursor: at most max entries counted, and the deltas between them.
local entries = redis.call('XRANGE', log, id, '+')
if #entries == 0 or entries[1][1] ~= id then return {'gap', 'too_old', state} end
return {'events', state, entries}
