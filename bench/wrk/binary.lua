-- one binary-mode CloudEvent per request: attributes in ce-* headers, the data as the body
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["ce-specversion"] = "1.0"
wrk.headers["ce-type"] = "bench.binary"
wrk.headers["ce-source"] = "wrk"
wrk.headers["ce-id"] = "1"
wrk.headers["ce-time"] = "2024-01-15T14:30:00Z"
wrk.body = '{"page":"/home","n":42}'
