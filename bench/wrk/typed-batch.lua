-- batches of SIZE structured CloudEvents spread over TYPES event types (bench.t0, bench.t1, ...),
-- a different mix of types per request, for the routing bench (scripts/bench-routes)
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
local size = tonumber(os.getenv("SIZE") or "100")
local types = tonumber(os.getenv("TYPES") or "10")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local events = {}
  for i = 1, size do
    n = n + 1
    events[i] = '{"specversion":"1.0","type":"bench.t' .. (n % types) .. '","source":"wrk","id":"' .. n ..
      '","time":"2024-01-15T14:30:00Z","datacontenttype":"application/json","data":{"page":"/home","n":' .. n .. '}}'
  end
  return wrk.format(nil, nil, nil, '{"events":[' .. table.concat(events, ",") .. ']}')
end
