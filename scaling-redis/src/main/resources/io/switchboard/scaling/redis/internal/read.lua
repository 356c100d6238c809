-- Answers a resume cursor, or only the stream's state. Marks this instance as a reader of the user
-- first, so that an event appended after this read is routed here even before the connection's
-- registration lands. Consecutive deltas of one message come back as one item, their text joined.
-- KEYS (one slot, the user's): 1 meta hash, 2 log stream, 3 readers hash, 4 event keys hash,
--       5 open messages hash
-- ARGV: 1 cursor epoch ('' = none), 2 cursor seq, 3 this instance ('' = do not mark),
--       4 reader ttl ms, 5 max age ms, 6 max events, 7 stream ttl ms, 8 epoch proposed if
--       history was lost, 9 'state' to answer the state only, 10 first seq not to answer (0 = no
--       limit), 11 max deltas
-- Answers {'empty'}, {'state', state}, {'gap', reason, state, open messages}, or
-- {'events', state, items}: an item is {'e', entry fields} for an event and
-- {'d', first seq, last seq, stored at, type, run, id, tool name, text} for deltas.
local now = now_ms()
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[3], now + tonumber(ARGV[4]))
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[4]) * 2)
end
local meta, log, keys, open = KEYS[1], KEYS[2], KEYS[4], KEYS[5]
local epoch = current_epoch(meta, log, open, ARGV[8])
if not epoch then return {'empty'} end
local cutoff = now - tonumber(ARGV[5])
trim(meta, log, keys, open, tonumber(ARGV[6]), tonumber(ARGV[11]), cutoff)
for _, key in ipairs({meta, log, keys, open}) do redis.call('PEXPIRE', key, ARGV[7]) end
local m = redis.call('HMGET', meta, 'seq', 'lct', 'lcr', 'lcs')
local state = {epoch, m[1], m[2] or '', m[3] or '', m[4] or ''}
if ARGV[9] == 'state' then return {'state', state} end
local last, cseq = tonumber(m[1]), tonumber(ARGV[2])
if (ARGV[1] == '' and cseq > 0) or (ARGV[1] ~= '' and ARGV[1] ~= epoch) then
  return {'gap', 'epoch_changed', state, open_messages(open, -1, cutoff)}
end
if cseq > last then return {'gap', 'cursor_ahead', state, open_messages(open, -1, cutoff)} end
local before = tonumber(ARGV[10])
if before == 0 or before > last + 1 then before = last + 1 end
if cseq + 1 >= before then return {'events', state, {}} end
local id = '0-' .. (cseq + 1)
local entries = redis.call('XRANGE', log, id, '0-' .. (before - 1))
if #entries == 0 or entries[1][1] ~= id then
  return {'gap', 'too_old', state, open_messages(open, cseq, cutoff)}
end
local items, run = {}, nil
local function flush()
  if run then
    items[#items + 1] = {'d', run.first, run.last, run.at, run.type, run.run, run.id, run.tool,
      table.concat(run.texts)}
    run = nil
  end
end
for _, entry in ipairs(entries) do
  local f = entry[2]
  local text = field(f, 'px')
  if text then
    local s, r, pid = tonumber(field(f, 's')), field(f, 'r'), field(f, 'pi')
    local tool = field(f, 'pn') or ''
    local typ = tool == '' and 'message_delta' or 'tool_call_delta'
    if run and run.last + 1 == s and run.type == typ and run.run == r and run.id == pid
        and run.tool == tool then
      run.last = s
      run.at = field(f, 'a')
      run.texts[#run.texts + 1] = text
    else
      flush()
      run = {first = s, last = s, at = field(f, 'a'), type = typ, run = r, id = pid, tool = tool,
        texts = {text}}
    end
  else
    flush()
    items[#items + 1] = {'e', f}
  end
end
flush()
return {'events', state, items}
