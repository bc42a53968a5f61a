-- one structured CloudEvent per request
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"specversion":"1.0","type":"bench.event","source":"wrk","id":"1",' ..
  '"time":"2024-01-15T14:30:00Z","data":{"page":"/home","n":42}}'
