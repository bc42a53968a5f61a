-- batch.lua's batch, asking for per-event results with Prefer: return=representation
dofile(os.getenv("BENCH_LUA_DIR") .. "/batch.lua")
wrk.headers["Prefer"] = "return=representation"
