-- wrk script for the write path and the soak.
-- Modes: "checkin" posts check-ins to /api/v1/checkins/, "baseline" posts the same bodies
-- to the bare-insert view, "mixed" is 5 check-ins, 3 reads of today/ and 2 of the caseload
-- in every 10 requests. Every check-in has a fresh UUID and a (patient, date) that no other
-- request of the run uses: slot s is patient s % P on the date `s // P` days before the
-- last date. Thread i of T takes the slots first + i, first + i + T, first + i + 2T, ...
-- Arguments: mode, tokens file (one patient token a line), physio token, first slot,
-- last date (epoch seconds, UTC midnight), thread count, run number (for the UUIDs).
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  tokens = {}
  for line in io.lines(args[2]) do table.insert(tokens, line) end
  physio_token = args[3]
  first_slot = tonumber(args[4])
  last_day = tonumber(args[5])
  thread_count = tonumber(args[6])
  run_number = tonumber(args[7])
  requests_made, checkins_made, statuses = 0, 0, {}
  checkin_path = (mode == "baseline") and "/api/v1/bench/baseline-checkin/" or "/api/v1/checkins/"
end

local function checkin()
  local slot = first_slot + checkins_made * thread_count + index
  checkins_made = checkins_made + 1
  local patient = slot % #tokens
  local day = os.date("!%Y-%m-%d", last_day - math.floor(slot / #tokens) * 86400)
  local body = string.format(
    '{"id": "%08x-0000-4000-8000-%012x", "date": "%s", "pain_rest": %d, "pain_morning": %d, '
    .. '"sitting_minutes": 45, "load_test_pain": 2, "red_flags": [], "note": ""}',
    run_number, slot, day, slot % 4, (slot + 1) % 5)
  local headers = {["Authorization"] = "Token " .. tokens[patient + 1],
                   ["Content-Type"] = "application/json"}
  return wrk.format("POST", checkin_path, headers, body)
end

local function read(path, token)
  return wrk.format("GET", path, {["Authorization"] = "Token " .. token})
end

function request()
  requests_made = requests_made + 1
  if mode ~= "mixed" then return checkin() end
  local kind = requests_made % 10
  if kind < 5 then return checkin() end
  if kind < 8 then return read("/api/v1/today/", tokens[(requests_made % #tokens) + 1]) end
  return read("/api/v1/caseload/", physio_token)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local codes, checkins_max = {}, 0
  for _, thread in ipairs(threads) do
    checkins_max = math.max(checkins_max, thread:get("checkins_made"))
    for code, n in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, string.format('"%d": %d', code, n)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "socket_errors": %d, "timeouts": %d, '
    .. '"checkins_per_thread_max": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect + e.read + e.write, e.timeout,
    checkins_max, table.concat(parts, ", ")))
end
