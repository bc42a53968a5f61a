-- shared by the bench scripts: counts non-2xx answers per thread and prints one line at the end:
-- RESULT <requests> <non-2xx> <seconds> <p50 us> <p99 us> <p99.9 us>
local threads = {}
local non2xx = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    wrk.thread:set("non2xx", non2xx)
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
  end
  io.write(string.format("RESULT %d %d %.3f %d %d %d\n", summary.requests, bad,
    summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9)))
end
