-- PUT /notes/wrk-NNNNNN with a small JSON note; ids vary over IDS (default 100000) so the run
-- mixes inserts and replacements.
local ids = tonumber(os.getenv("IDS") or "100000")
local counter = 0

wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local id = math.random(0, ids - 1)
  local body = string.format(
    '{"title":"wrk note %d","body":"written by wrk, request %d","tags":["wrk","load"]}', id, counter)
  return wrk.format(nil, string.format("/notes/wrk-%06d", id), nil, body)
end

local failures = 0
response = function(status)
  if status ~= 200 and status ~= 201 then failures = failures + 1 end
end

done = function()
  if failures > 0 then io.write(string.format("non-2xx answers: %d\n", failures)) end
end
