-- a batch of 100 structured CloudEvents per request
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local events = {}
for i = 1, 100 do
  events[i] = '{"specversion":"1.0","type":"bench.batch","source":"wrk","id":"' .. i ..
    '","time":"2024-01-15T14:30:00Z","data":{"page":"/home","n":' .. i .. '}}'
end
wrk.body = '{"events":[' .. table.concat(events, ",") .. ']}'
