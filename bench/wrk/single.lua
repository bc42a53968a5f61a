-- one structured CloudEvent per request; TYPES=n spreads them over n event types (partitions);
-- AUTH=key sends it as a bearer token, ORIGIN=o as the Origin header
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
local types = tonumber(os.getenv("TYPES") or "1")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTH") then wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUTH") end
if os.getenv("ORIGIN") then wrk.headers["Origin"] = os.getenv("ORIGIN") end
request = function()
  n = n + 1
  local body = '{"specversion":"1.0","type":"bench.t' .. (n % types) .. '","source":"wrk","id":"' .. n ..
    '","time":"2024-01-15T14:30:00Z","datacontenttype":"application/json","data":{"page":"/home","n":' .. n .. '}}'
  return wrk.format(nil, nil, nil, body)
end
