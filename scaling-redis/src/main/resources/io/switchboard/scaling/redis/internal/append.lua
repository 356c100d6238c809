-- Appends one event to a stream if the stream is where the caller believes it is (compare and set
-- on epoch and last seq), and answers the instances to route it to; the caller then hands it to
-- their inboxes. An event key seen before (an attempt whose answer was lost) answers what was
-- stored instead of storing twice. Fairness: an instance whose expectation failed claims the next
-- append for 200 ms; the others yield, so one instance appending fast cannot starve another.
-- A delta of a streamed message or tool call is stored without its frame (its text, message and
-- run are enough to encode it again, merged with its neighbours) and counts against the bound on
-- deltas, not on events; the events of a text message keep its record in the open hash.
-- KEYS (one slot, the user's): 1 meta hash, 2 log stream, 3 event keys hash, 4 user's connections
--       zset, 5 readers hash, 6 claim, 7 open messages hash
-- ARGV: 1 expected epoch (with expected seq 0: the epoch proposed for a new stream), 2 expected
--       last seq (0 = the caller believes the stream absent), 3 deadline (Redis ms; 0 = none),
--       4 type, 5 run ('' = none), 6 lifecycle '1'/'0', 7 frame, 8 max events, 9 max age ms,
--       10 stream ttl ms, 11 this instance, 12 event key, 13 epoch proposed if history was lost,
--       14 message part ('' none, 'ms' started, 'md' text delta, 'mc' completed, 'td' tool call
--       delta), 15 message or tool call id, 16 tool name, 17 delta text, 18 max deltas
local now = now_ms()
local deadline = tonumber(ARGV[3])
if deadline > 0 and now > deadline then return {'late'} end
local meta, log, keys, claim, open = KEYS[1], KEYS[2], KEYS[3], KEYS[6], KEYS[7]
local self = ARGV[11]
local epoch = current_epoch(meta, log, open, ARGV[13])
-- A key 'name:n' is emit n of a sender that sends one event at a time: the hash keeps the newest
-- n of each name only ('n epoch seq'). Any other key is one event's ('epoch seq').
local sender, emit = string.match(ARGV[12], '^(.+):(%d+)$')
local stored = redis.call('HGET', keys, sender or ARGV[12])
if stored and sender then
  local n, e, s = string.match(stored, '^(%d+) (%S+) (%d+)$')
  stored = n == emit and (e .. ' ' .. s) or nil
end
if stored then
  local e, s = string.match(stored, '^(%S+) (%d+)$')
  local t = targets(KEYS[4], KEYS[5], now, self)
  if e == epoch then
    local found = redis.call('XRANGE', log, '0-' .. s, '0-' .. s)
    if #found == 1 then
      return {'dup', e, s, field(found[1][2], 'a'), t, field(found[1][2], 'f') or ''}
    end
  end
  return {'gone', e, s, tostring(now), t}
end
local claimant = redis.call('GET', claim)
if claimant and claimant ~= self then
  return {'moved', epoch or '', tostring(redis.call('HGET', meta, 'seq') or 0)}
end
local seq
if not epoch then
  if tonumber(ARGV[2]) ~= 0 then
    redis.call('SET', claim, self, 'PX', 200)
    return {'moved', '', '0'}
  end
  epoch = ARGV[1]
  redis.call('DEL', log, open)
  seq = 1
  redis.call('HSET', meta, 'epoch', epoch, 'seq', 1, 'rid', replid(), 'nc', 0, 'nd', 0)
else
  local last = tonumber(redis.call('HGET', meta, 'seq'))
  if epoch ~= ARGV[1] or last ~= tonumber(ARGV[2]) then
    if not claimant then redis.call('SET', claim, self, 'PX', 200) end
    return {'moved', epoch, tostring(last)}
  end
  seq = last + 1
  redis.call('HSET', meta, 'seq', seq)
end
if claimant then redis.call('DEL', claim) end
local part = ARGV[14]
if part == 'md' or part == 'td' then
  -- A delta's type is told by 'pn' (only a tool call delta names its tool); the key of a sender's
  -- emit is not kept in the entry (nothing is removed with it).
  local fields = {'s', seq, 'r', ARGV[5], 'a', now, 'pi', ARGV[15]}
  if not sender then
    fields[#fields + 1] = 'k'
    fields[#fields + 1] = ARGV[12]
  end
  if part == 'td' then
    fields[#fields + 1] = 'pn'
    fields[#fields + 1] = ARGV[16]
  end
  fields[#fields + 1] = 'px'
  fields[#fields + 1] = ARGV[17]
  redis.call('XADD', log, '0-' .. seq, unpack(fields))
  redis.call('HINCRBY', meta, 'nd', 1)
else
  redis.call('XADD', log, '0-' .. seq, 's', seq, 'e', epoch, 't', ARGV[4], 'r', ARGV[5],
    'l', ARGV[6], 'a', now, 'k', sender and '' or ARGV[12], 'f', ARGV[7])
  redis.call('HINCRBY', meta, 'nc', 1)
end
if part == 'ms' or part == 'md' or part == 'mc' then
  open_note(open, part, ARGV[15], ARGV[5], seq, part == 'md' and utf16_length(ARGV[17]) or 0, now)
end
if sender then
  redis.call('HSET', keys, sender, emit .. ' ' .. epoch .. ' ' .. seq)
else
  redis.call('HSET', keys, ARGV[12], epoch .. ' ' .. seq)
end
if ARGV[6] == '1' then
  redis.call('HSET', meta, 'lct', ARGV[4], 'lcr', ARGV[5], 'lcs', seq)
end
trim(meta, log, keys, open, tonumber(ARGV[8]), tonumber(ARGV[18]), now - tonumber(ARGV[9]))
for _, key in ipairs({meta, log, keys, open}) do redis.call('PEXPIRE', key, ARGV[10]) end
return {'ok', epoch, tostring(seq), tostring(now), targets(KEYS[4], KEYS[5], now, self)}
