-- a batch of SIZE structured CloudEvents per request
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
local size = tonumber(os.getenv("SIZE") or "100")
local events = {}
for i = 1, size do
  events[i] = '{"specversion":"1.0","type":"bench.batch","source":"wrk","id":"' .. i ..
    '","time":"2024-01-15T14:30:00Z","datacontenttype":"application/json","data":{"page":"/home","n":' .. i .. '}}'
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"events":[' .. table.concat(events, ",") .. ']}'
