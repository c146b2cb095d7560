-- wrk script for bench/run.py: stop after a fixed number of responses, count server errors,
-- optionally rotate over several paths, and write the numbers as JSON to $BENCH_OUT.
-- Run it with one wrk thread (-t1): the request limit is counted per thread.
-- Every request asks for gzip, as browsers and HTTP libraries do: WhiteNoise then sends the static
-- baseline precompressed, and the page cache its stored pages (partners/public/cache.py).
wrk.headers["Accept-Encoding"] = "gzip"
local ffi = require("ffi")
ffi.cdef [[ int getpid(void); int kill(int pid, int sig); ]]
local limit = tonumber(os.getenv("BENCH_LIMIT") or "0")  -- responses per thread; 0 = until -d ends
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^ ]+") do table.insert(paths, path) end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

count = 0
server_errors = 0
local index = 0

function request()
  if #paths == 0 then return wrk.request() end
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  count = count + 1
  if status >= 500 then server_errors = server_errors + 1 end
  if limit > 0 and count == limit then
    wrk.thread:stop()
    -- wrk otherwise sleeps until -d ends; SIGINT ends the run now, so its duration (and the
    -- requests per second computed from it) covers only the requests made.
    ffi.C.kill(ffi.C.getpid(), 2)
  end
end

function done(summary, latency, requests)
  local server = 0
  for _, thread in ipairs(threads) do server = server + thread:get("server_errors") end
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"server_errors": %d, "non_2xx_3xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, server, e.status, e.connect, e.read, e.write, e.timeout))
  out:close()
end
