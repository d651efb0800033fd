-- GET /notes/import-NNNNNNN for random ids among the first NOTES imported notes (default 10000).
local notes = tonumber(os.getenv("NOTES") or "10000")

request = function()
  return wrk.format("GET", string.format("/notes/import-%07d", math.random(0, notes - 1)))
end

-- Any answer but 200 is counted, so a figure over missing notes cannot pass for a good one.
local misses = 0
response = function(status)
  if status ~= 200 then misses = misses + 1 end
end

done = function()
  if misses > 0 then io.write(string.format("non-200 answers: %d\n", misses)) end
end
