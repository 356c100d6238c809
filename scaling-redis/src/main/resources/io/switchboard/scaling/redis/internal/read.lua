-- Answers a resume cursor, or only the stream's state. Marks this instance as a reader of the user
-- first, so that an event appended after this read is routed here even before the connection's
-- registration lands.
-- KEYS (one slot, the user's): 1 meta hash, 2 log stream, 3 readers hash, 4 event keys hash
-- ARGV: 1 cursor epoch ('' = none), 2 cursor seq, 3 this instance ('' = do not mark),
--       4 reader ttl ms, 5 max age ms, 6 max entries, 7 stream ttl ms, 8 epoch proposed if
--       history was lost, 9 'state' to answer the state only
local now = now_ms()
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[3], now + tonumber(ARGV[4]))
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[4]) * 2)
end
local meta, log, keys = KEYS[1], KEYS[2], KEYS[4]
local epoch = current_epoch(meta, log, ARGV[8])
if not epoch then return {'empty'} end
trim(log, keys, tonumber(ARGV[6]), now - tonumber(ARGV[5]))
redis.call('PEXPIRE', meta, ARGV[7])
redis.call('PEXPIRE', log, ARGV[7])
redis.call('PEXPIRE', keys, ARGV[7])
local m = redis.call('HMGET', meta, 'seq', 'lct', 'lcr', 'lcs')
local state = {epoch, m[1], m[2] or '', m[3] or '', m[4] or ''}
if ARGV[9] == 'state' then return {'state', state} end
local last, cseq = tonumber(m[1]), tonumber(ARGV[2])
if ARGV[1] == '' then
  if cseq > 0 then return {'gap', 'epoch_changed', state} end
elseif ARGV[1] ~= epoch then
  return {'gap', 'epoch_changed', state}
end
if cseq > last then return {'gap', 'cursor_ahead', state} end
if cseq == last then return {'events', state, {}} end
local id = '0-' .. (cseq + 1)
local entries = redis.call('XRANGE', log, id, '+', 'COUNT', tonumber(ARGV[6]))
if #entries == 0 or entries[1][1] ~= id then return {'gap', 'too_old', state} end
return {'events', state, entries}
