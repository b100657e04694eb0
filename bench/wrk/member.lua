-- A signed-in member's requests: every request carries the session cookie that bench/cache.py got from the real
-- sign-in form (BENCH_COOKIE, "session=...").
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
