-- wrk script: POST /emkt/contact/search for one e-mail of the seeded contacts
-- (seed-<n>@sim.test, n in 1..SIM_CONTACTS), with the auth-token from SIM_TOKEN.
local token = os.getenv("SIM_TOKEN") or ""
local contacts = tonumber(os.getenv("SIM_CONTACTS") or "1000")

wrk.method = "POST"
wrk.path = "/emkt/contact/search"
wrk.headers["content-type"] = "application/json"
wrk.headers["auth-token"] = token

request = function()
  local n = math.random(1, contacts)
  local body = string.format(
    '{"contact-list_code":"1","page_number":"1","page_size":"10",' ..
    '"search":[{"field":"email","operator":"=","value":"seed-%d@sim.test"}]}', n)
  return wrk.format(nil, nil, nil, body)
end

local misses = 0
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, '"code":"480001"', 1, true) then
    misses = misses + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("non-success answers: %d\n", misses))
end
