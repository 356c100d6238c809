-- Shared by every script (prepended by Scripts.java). Standalone Redis only: scripts touch keys
-- they compute (instances' inboxes), which Redis Cluster would refuse.

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The ids of a stream's entries that count against its bound on events: every event but the
-- deltas of streamed messages, which count for nothing (a long answer never pushes events out).
local function counted_ids(log)
  return log .. ':counted'
end

local function is_delta(typ)
  return typ == 'message_delta' or typ == 'tool_call_delta'
end

-- Appends one entry; past max counted events, the oldest counted one goes, and with it every
-- entry (deltas too) stored before it.
local function add_entry(log, id, typ, max, fields)
  redis.call('XADD', log, id, unpack(fields))
  if is_delta(typ) then return end
  local idx = counted_ids(log)
  redis.call('RPUSH', idx, id)
  while redis.call('LLEN', idx) > tonumber(max) do
    local oldest = redis.call('LPOP', idx)
    local g, s = string.match(oldest, '^(%d+)-(%d+)$')
    redis.call('XTRIM', log, 'MINID', g .. '-' .. (tonumber(s) + 1))
  end
end

-- Deletes a stream's head entries stored before cutoff ('a' field), at most 1000 per call.
local function trim_age(log, cutoff)
  local idx = counted_ids(log)
  for _ = 1, 1000 do
    local first = redis.call('XRANGE', log, '-', '+', 'COUNT', 1)
    if #first == 0 then return end
    local fields, stored = first[1][2], nil
    for j = 1, #fields, 2 do
      if fields[j] == 'a' then stored = tonumber(fields[j + 1]) end
    end
    if stored and stored < cutoff then
      redis.call('XDEL', log, first[1][1])
      if redis.call('LINDEX', idx, 0) == first[1][1] then redis.call('LPOP', idx) end
    else
      return
    end
  end
end

-- Expires a stream's keys together.
local function expire_log(log, ttl)
  redis.call('PEXPIRE', log, ttl)
  redis.call('PEXPIRE', counted_ids(log), ttl)
end

-- The data set's boot marker, created if absent (by the first heartbeat or route after Redis
-- started empty). Inbox entries carry it, so a reader tells a new inbox from the one it read.
local function boot_marker(prefix, now)
  local key = prefix .. ':boot'
  local boot = redis.call('GET', key)
  if not boot then
    boot = 'r' .. now .. '-' .. redis.call('INCR', prefix .. ':boot-n')
    redis.call('SET', key, boot)
  end
  return boot
end

-- Writes a stream frame into the inbox of every other live instance that holds a connection of the
-- user (registry zset, members 'instance|connection') or read one of the user's streams lately
-- (readers hash, instance -> until ms). Returns how many instances got it.
local function route(prefix, self, zkey, rkey, now, kind, user, thread, frame, inbox_max)
  local seen, targets = {}, {}
  for _, member in ipairs(redis.call('ZRANGE', zkey, 0, -1)) do
    local inst = string.match(member, '^([^|]+)|')
    if inst and inst ~= self and not seen[inst] then
      seen[inst] = true
      targets[#targets + 1] = inst
    end
  end
  local readers = redis.call('HGETALL', rkey)
  for i = 1, #readers, 2 do
    local inst, until_ms = readers[i], tonumber(readers[i + 1])
    if until_ms < now then
      redis.call('HDEL', rkey, inst)
    elseif inst ~= self and not seen[inst] then
      seen[inst] = true
      targets[#targets + 1] = inst
    end
  end
  local routed = 0
  local boot = nil
  for _, inst in ipairs(targets) do
    local base = prefix .. ':inst:' .. inst
    if redis.call('EXISTS', base) == 1 then
      boot = boot or boot_marker(prefix, now)
      local n = redis.call('INCR', base .. ':inbox-seq')
      redis.call('XADD', base .. ':inbox', 'MAXLEN', '~', inbox_max, '*',
        'b', boot, 'n', n, 'k', kind, 'u', user, 'h', thread, 'f', frame)
      routed = routed + 1
    end
  end
  return routed
end
