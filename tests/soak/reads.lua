-- reads.lua - the read side of `make soak` (scripts/soak): wrk cycles over the
-- paths in the file named by SOAK_PATHS (one a line), with the session cookie
-- of SOAK_COOKIE, and tallies every response by status.  done() prints the
-- tally as "soak-wrk ..." lines that scripts/soak parses: wrk's own summary
-- only says how many answers were not 2xx, not which.
local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   local f = assert(io.open(os.getenv("SOAK_PATHS"), "r"))
   for line in f:lines() do
      if line ~= "" then
         paths[#paths + 1] = line
      end
   end
   f:close()
   assert(#paths > 0, "SOAK_PATHS is empty")
   counts = {}
   -- each thread starts elsewhere in the list, so that threads do not move in step
   i = (id * 7919) % #paths
   hdrs = { ["Cookie"] = os.getenv("SOAK_COOKIE"), ["Accept"] = "application/json" }
end

function request()
   i = i % #paths + 1
   return wrk.format("GET", paths[i], hdrs)
end

function response(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      for k, v in pairs(t:get("counts")) do
         total[k] = (total[k] or 0) + v
      end
   end
   local e = summary.errors
   io.write(string.format("soak-wrk requests %d duration_us %d\n", summary.requests,
                          summary.duration))
   io.write(string.format("soak-wrk errors connect %d read %d write %d timeout %d\n",
                          e.connect, e.read, e.write, e.timeout))
   io.write(string.format("soak-wrk latency p50_us %d p99_us %d max_us %d\n",
                          latency:percentile(50), latency:percentile(99), latency.max))
   for k, v in pairs(total) do
      io.write(string.format("soak-wrk status %d %d\n", k, v))
   end
end
