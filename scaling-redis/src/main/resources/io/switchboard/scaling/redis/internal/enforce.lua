-- Applies the cluster-wide per-user limit: counts only connections of instances that heartbeated
-- lately (ARGV), and removes the oldest of those beyond the limit, answering them ('instance|
-- connection') for their owners to close. Connections of other instances are neither counted nor
-- removed: if their instance died, its cleanup removes them; if it lives, the next check counts it.
-- KEYS (the user's slot): 1 user's connections zset
-- ARGV: 1 limit, then the instances that count
local fresh = {}
for i = 2, #ARGV do fresh[ARGV[i]] = true end
local counted = {}
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local inst = string.match(member, '^([^|]+)|')
  if inst and fresh[inst] then counted[#counted + 1] = member end
end
local evicted = {}
local excess = #counted - tonumber(ARGV[1])
for i = 1, excess do
  redis.call('ZREM', KEYS[1], counted[i])
  evicted[#evicted + 1] = counted[i]
end
return evicted
