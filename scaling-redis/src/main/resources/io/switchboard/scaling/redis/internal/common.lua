-- Shared by every script (prepended by Scripts.java). Every script declares all the keys it
-- touches in KEYS, and they share one hash tag, so that Redis Cluster runs it on one slot.

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- This server's replication id. It changes when a replica is promoted or the server restarts, so a
-- stream last written under another one may have lost its newest events there.
local function replid()
  return string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') or ''
end

local function field(fields, name)
  for j = 1, #fields, 2 do
    if fields[j] == name then return fields[j + 1] end
  end
  return nil
end

-- Characters (UTF-16 code units, as clients count them) of a UTF-8 string: one per byte that does
-- not continue a character, one more per character beyond the Basic Multilingual Plane.
local function utf16_length(text)
  local _, starts = string.gsub(text, '[^\128-\191]', '')
  local _, astral = string.gsub(text, '[\240-\247]', '')
  return starts + astral
end

-- A message still streaming, as the open hash keeps it (message id -> this record): its run, the
-- seq that opened it, its characters in the log so far, the newest seq of it trimmed and its
-- characters trimmed, and when it last grew (ms).
local function open_get(open, id)
  local v = redis.call('HGET', open, id)
  if not v then return nil end
  local run, first, chars, tseq, tchars, at = string.match(v, '^(.-)|(%d+)|(%d+)|(%d+)|(%d+)|(%d+)$')
  return {run = run, first = tonumber(first), chars = tonumber(chars), tseq = tonumber(tseq),
    tchars = tonumber(tchars), at = tonumber(at)}
end

local function open_put(open, id, m)
  redis.call('HSET', open, id, m.run .. '|' .. m.first .. '|' .. m.chars .. '|' .. m.tseq .. '|'
    .. m.tchars .. '|' .. m.at)
end

-- Open messages kept per stream; one beyond them is streamed and replayed as any other, only not
-- named in a recovery_failed.
local MAX_OPEN = 64

-- Notes an event of a streamed text message: 'ms' (started), 'md' (a delta of chars characters),
-- 'mc' (completed).
local function open_note(open, kind, id, run, seq, chars, now)
  if kind == 'mc' then
    redis.call('HDEL', open, id)
    return
  end
  local m = open_get(open, id)
  if not m then
    if redis.call('HLEN', open) >= MAX_OPEN then return end
    m = {run = run, first = seq, chars = 0, tseq = 0, tchars = 0, at = now}
  end
  m.chars = m.chars + chars
  m.at = now
  open_put(open, id, m)
end

-- Deltas are kept one entry each, without a frame or type (a replay encodes them as merged
-- deltas): the entry has the field 'px', its text, and 'pn', the tool, for a tool call delta. Only other entries count against the bound on events; the
-- meta hash keeps both counts ('nc' counted events, 'nd' deltas).
local function is_delta(fields)
  return field(fields, 'px') ~= nil
end

-- Removes the oldest entry and its event key; a trimmed delta of an open message is noted there,
-- so that a recovery_failed can still say how much of it is lost.
local function drop(log, keys, open, entry)
  redis.call('XDEL', log, entry[1])
  local fields = entry[2]
  local k = field(fields, 'k')
  if k and k ~= '' then redis.call('HDEL', keys, k) end
  local text = field(fields, 'px')
  if text and not field(fields, 'pn') then
    local id = field(fields, 'pi')
    local m = open_get(open, id)
    if m then
      m.tseq = tonumber(field(fields, 's'))
      m.tchars = m.tchars + utf16_length(text)
      open_put(open, id, m)
    end
  end
end

-- Keeps at most max events that are not deltas and max_deltas deltas, and nothing stored before
-- cutoff: the oldest entries go first, so the log always holds every seq from its head on. At most
-- 10,000 removals per call (a later call goes on).
local function trim(meta, log, keys, open, max, max_deltas, cutoff)
  local m = redis.call('HMGET', meta, 'nc', 'nd')
  local nc, nd = tonumber(m[1]) or 0, tonumber(m[2]) or 0
  local removed = 0
  while removed < 10000 do
    -- Within both bounds only the head's age matters: one entry is enough to look at.
    local over = nc > max or nd > max_deltas
    local batch = redis.call('XRANGE', log, '-', '+', 'COUNT', over and 100 or 1)
    if #batch == 0 then break end
    local done = false
    for _, entry in ipairs(batch) do
      if nc <= max and nd <= max_deltas and tonumber(field(entry[2], 'a')) >= cutoff then
        done = true
        break
      end
      drop(log, keys, open, entry)
      removed = removed + 1
      if is_delta(entry[2]) then nd = nd - 1 else nc = nc - 1 end
    end
    if done then break end
  end
  if removed > 0 then redis.call('HSET', meta, 'nc', math.max(nc, 0), 'nd', math.max(nd, 0)) end
end

-- The open messages a recovery_failed names, each as {id, run, characters lost}: characters of it
-- emitted after the cursor (after = its seq) that the client will not get; for a cursor that
-- cannot be placed in this epoch (after = -1), every character of it the log has seen. When the
-- cursor lies in the part of a message already trimmed, its position there is unknown and every
-- character of the message is counted. Messages idle longer than the age bound are forgotten.
local function open_messages(open, after, cutoff)
  local found = {}
  local all = redis.call('HGETALL', open)
  for i = 1, #all, 2 do
    local id = all[i]
    local m = open_get(open, id)
    if m.at < cutoff then
      redis.call('HDEL', open, id)
    else
      local lost
      if after < 0 then
        lost = m.chars
      elseif m.first > after then
        lost = m.chars
      elseif m.tseq <= after then
        lost = m.chars - m.tchars
      else
        lost = m.chars
      end
      found[#found + 1] = {id, m.run, tostring(lost)}
    end
  end
  return found
end

-- The stream's epoch, or nil if the log holds nothing of it. A stream last written under another
-- replication id may have lost events that clients already got: its history is dropped and it
-- continues in the proposed new epoch, so that no seq is ever used twice in one epoch and every
-- older cursor is answered epoch_changed.
local function current_epoch(meta, log, open, proposed)
  local m = redis.call('HMGET', meta, 'epoch', 'rid')
  if not m[1] then return nil end
  local rid = replid()
  if m[2] ~= rid then
    redis.call('DEL', log)
    -- Messages still streaming stay open: what they had is gone with the log, and an old cursor's
    -- recovery_failed names them.
    local all = redis.call('HGETALL', open)
    for i = 1, #all, 2 do
      local om = open_get(open, all[i])
      om.first, om.tseq, om.tchars = 0, 0, om.chars
      open_put(open, all[i], om)
    end
    redis.call('HSET', meta, 'epoch', proposed, 'seq', 0, 'rid', rid, 'nc', 0, 'nd', 0)
    return proposed
  end
  return m[1]
end

-- The instances other than self that hold a connection of the user (zset members
-- 'instance|connection') or read one of the user's streams lately (readers hash, instance -> until
-- ms); expired reader marks are removed.
local function targets(zkey, rkey, now, self)
  local seen, found = {}, {}
  for _, member in ipairs(redis.call('ZRANGE', zkey, 0, -1)) do
    local inst = string.match(member, '^([^|]+)|')
    if inst and inst ~= self and not seen[inst] then
      seen[inst] = true
      found[#found + 1] = inst
    end
  end
  local readers = redis.call('HGETALL', rkey)
  for i = 1, #readers, 2 do
    local inst, until_ms = readers[i], tonumber(readers[i + 1])
    if until_ms < now then
      redis.call('HDEL', rkey, inst)
    elseif inst ~= self and not seen[inst] then
      seen[inst] = true
      found[#found + 1] = inst
    end
  end
  return found
end
