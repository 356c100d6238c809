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

-- Removes one log entry and its event key.
local function drop(log, keys, entry)
  redis.call('XDEL', log, entry[1])
  local k = field(entry[2], 'k')
  if k then redis.call('HDEL', keys, k) end
end

-- Keeps at most max entries, and none stored before cutoff (at most 200 age removals per call).
local function trim(log, keys, max, cutoff)
  local excess = redis.call('XLEN', log) - max
  if excess > 0 then
    for _, entry in ipairs(redis.call('XRANGE', log, '-', '+', 'COUNT', excess)) do
      drop(log, keys, entry)
    end
  end
  for _ = 1, 200 do
    local first = redis.call('XRANGE', log, '-', '+', 'COUNT', 1)
    if #first == 0 then return end
    if tonumber(field(first[1][2], 'a')) < cutoff then
      drop(log, keys, first[1])
    else
      return
    end
  end
end

-- The stream's epoch, or nil if the log holds nothing of it. A stream last written under another
-- replication id may have lost events that clients already got: its history is dropped and it
-- continues in the proposed new epoch, so that no seq is ever used twice in one epoch and every
-- older cursor is answered epoch_changed.
local function current_epoch(meta, log, proposed)
  local m = redis.call('HMGET', meta, 'epoch', 'rid')
  if not m[1] then return nil end
  local rid = replid()
  if m[2] ~= rid then
    redis.call('DEL', log)
    redis.call('HSET', meta, 'epoch', proposed, 'seq', 0, 'rid', rid)
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
