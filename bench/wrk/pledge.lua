-- A sandbox pledge per request (POST /api/v1/solutions/<id>/pledges with a bearer token), spread over the
-- live campaigns: the first solution of every challenge whose number is not a multiple of ten.
local token = os.getenv("BENCH_TOKEN")
local challenges = tonumber(os.getenv("BENCH_CHALLENGES") or "1000")
math.randomseed(os.time())

request = function()
  local c = math.random(1, challenges)
  if c % 10 == 0 then c = c - 1 end
  local solution = (c - 1) * 4 + 1
  return wrk.format("POST", "/api/v1/solutions/" .. solution .. "/pledges",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
    '{"amount": 10000}')
end
