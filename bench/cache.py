"""Issue 17: visitors' pages with the shared page cache off (before) and on (after), in one run, against the
no-database ceiling; the API's JSON reads (page-cached for anonymous readers too); a signed-in member's pages
(goal 2: never served from the page cache); the pledge POST (goal 6), with the books reconciled after the load;
and two app servers on one PostgreSQL and one Redis.

    .venv/bin/python bench/cache.py --scale small --skip-seed --rounds 3 --duration 10
    .venv/bin/python bench/cache.py --scale full --skip-seed --update-readme

Two gunicorn instances serve the same code at once, one with PAGE_CACHE=off, one with PAGE_CACHE=redis; each
round loads every page through both and the ceiling, in turn (the machine's load drifts, so rounds interleave
and the table takes medians). SQL per request and page bytes are measured in-process, the cached figure on a
hit. The member signs in once through the real sign-in form in-process; wrk sends that session cookie
(bench/wrk/member.lua). Then two cached instances show that a change through one is on the other's next page
and that a rate limit counts requests to both."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from seed import SCALES  # noqa: E402

REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
README_START, README_END = "<!-- cache-table:start -->", "<!-- cache-table:end -->"


MEMBER = 7  # bench7@example.test signs in for the member's pages (an ordinary citizen of the seed)


def pages(scale_name: str) -> list[dict]:
    """The visitors' pages, the JSON reads, a member's pages and the pledge POST, ids in the middle of the seeded
    rows."""
    by_name = {t["name"]: t for t in run.targets(scale_name)}
    solution = by_name["solution page"]["path"].rsplit("/", 1)[1]
    challenge = by_name["challenge page"]["path"].rsplit("/", 1)[1]
    return [
        {"name": "home page", "path": "/"},
        {"name": "challenge list", "path": "/challenges"},
        {"name": "challenge page", "path": f"/challenges/{challenge}"},
        {"name": "solution page", "path": f"/solutions/{solution}"},
        {"name": "campaign page", "path": f"/solutions/{solution}/campaign"},
        {"name": "learnings", "path": "/learnings"},
        {"name": "search (repeated query)", "path": "/search?q=" + urllib.parse.quote("놀이터")},
        {"name": "JSON list, 20 items", "path": "/api/v1/challenges?per_page=20"},
        {"name": "JSON detail", "path": f"/api/v1/challenges/{challenge}"},
        {"name": "signed in: challenge list", "path": "/challenges", "member": True},
        {"name": "signed in: challenge page", "path": f"/challenges/{challenge}", "member": True},
        {"name": "signed in: solution page", "path": f"/solutions/{solution}", "member": True},
        {"name": "signed in: home page", "path": "/", "member": True},
        {"name": "signed in: campaign page", "path": f"/solutions/{solution}/campaign", "member": True},
        {"name": "signed in: learnings", "path": "/learnings", "member": True},
        {"name": "signed in: search (repeated query)", "path": "/search?q=" + urllib.parse.quote("놀이터"),
         "member": True},
        {"name": "pledge (sandbox, POST)", "path": f"/api/v1/solutions/{solution}/pledges", "pledge": True},
    ]


def sign_in(client, email: str) -> str:
    """Sign in through the real form (its CSRF token included); the session cookie as a Cookie header's value."""
    import re

    html = client.get("/auth/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    answer = client.post("/auth/sign-in", data={"csrf_token": token, "email": email, "password": run.PASSWORD})
    assert answer.status_code == 302, (answer.status_code, answer.get_data(as_text=True)[:300])
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie after signing in"
    return f"session={cookie.value}"


def books(url: str) -> tuple[int, int]:
    """(pledges, campaign totals that differ from the ledger): reconcile.differences, read directly."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from socialchallenge.funding.reconcile import differences

    engine = sa.create_engine(run.sqlalchemy_url(url))
    with Session(engine) as session:
        found = (session.scalar(sa.text("SELECT count(*) FROM pledges")), len(differences(session)))
    engine.dispose()
    return found


def env(url: str, cache: str, prefix: str, **extra: str) -> dict[str, str]:
    """The bench's app settings with the page cache off or in Redis under a prefix of this run."""
    return run.app_env(url, PAGE_CACHE=cache, CACHE_REDIS_URL=REDIS, CACHE_KEY_PREFIX=prefix, **extra)


def in_process(url: str, targets: list[dict], cache: str, prefix: str) -> dict[str, dict]:
    """SQL statements and bytes per request, once warm (with the cache on: the second request, a hit). Also the
    member's session cookie ("cookie") and a bearer token for the pledges ("token")."""
    os.environ.update(env(url, cache, prefix))
    import sqlalchemy as sa

    from socialchallenge import create_app
    from socialchallenge.accounts.service import issue_token
    from socialchallenge.extensions import db
    from socialchallenge.models import User

    # The settings module reads the environment once: the cache's settings go in as overrides.
    app = create_app("development", {"PAGE_CACHE": cache, "CACHE_REDIS_URL": REDIS, "CACHE_KEY_PREFIX": prefix})
    found = {}
    with app.app_context():
        token = issue_token(db.session, db.session.get(User, 1))
        db.session.commit()
        db.session.remove()
        counter = {"n": 0}

        def count(*_args, **_kw):
            counter["n"] += 1

        sa.event.listen(db.engine, "before_cursor_execute", count)
        client, member = app.test_client(), app.test_client()
        with app.app_context():
            found["cookie"] = sign_in(member, f"bench{MEMBER}@example.test")
        found["token"] = token

        def call(target):
            # Each request in its own app context, as under a server.
            with app.app_context():
                if target.get("pledge"):
                    return client.post(target["path"], json={"amount": 10000},
                                       headers={"Authorization": f"Bearer {token}"})
                return (member if target.get("member") else client).get(target["path"])

        for target in targets:
            call(target)
            counter["n"] = 0
            response = call(target)
            assert response.status_code < 400, (target["path"], response.status_code)
            found[target["name"]] = {"queries": counter["n"], "bytes": len(response.data),
                                     "x_cache": response.headers.get("X-Cache", "")}
            if target["path"].startswith("/api/v1/challenges?") and cache == "off":
                # The list's items as full challenges (their detail), as lists answered before issue 17.
                full = []
                for item in response.get_json()["items"]:
                    with app.app_context():
                        detail = client.get(f"/api/v1/challenges/{item['id']}").get_json()
                    detail.pop("selection", None)
                    full.append(detail)
                found["full items"] = len(json.dumps({**response.get_json(), "items": full}).encode())
        sa.event.remove(db.engine, "before_cursor_execute", count)
        db.engine.dispose()
    return found


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, str]:
    """One request: status, headers, body (an HTTP error is an answer too)."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def two_servers(url: str, scale_name: str, port: int, prefix: str) -> list[str]:
    """Two cached instances: a comment posted through one is on the other's next page; sign-in tries to both
    share one limit."""
    os.environ.update(env(url, "redis", prefix))
    from socialchallenge import create_app
    from socialchallenge.accounts.service import issue_token
    from socialchallenge.extensions import db
    from socialchallenge.models import User

    app = create_app("development")
    with app.app_context():
        token = issue_token(db.session, db.session.get(User, 2))
        email = db.session.get(User, 3).email
        db.session.commit()
        db.engine.dispose()
    challenge = pages(scale_name)[2]["path"]
    lines = []
    limits = {"RATELIMIT_ENABLED": "1", "RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_TOKENS": "3 per minute",
              "RATELIMIT_KEY_PREFIX": prefix + "limits"}
    with run.gunicorn("wsgi:app", port, env(url, "redis", prefix, **limits), run.ROOT) as one, \
            run.gunicorn("wsgi:app", port + 1, env(url, "redis", prefix, **limits), run.ROOT) as two:
        states = [fetch(two + challenge)[1].get("X-Cache"), fetch(two + challenge)[1].get("X-Cache")]
        words = f"Bench comment {time.time():.0f}"
        posted = fetch(one + "/api/v1" + challenge + "/comments", json.dumps({"body": words}).encode(),
                       {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})[0]
        _, headers, body = fetch(two + challenge)
        lines.append(f"- server B: `{challenge}` {states[0]}, then {states[1]}; comment POSTed through server A: "
                     f"{posted}; server B's next request: X-Cache {headers.get('X-Cache')}, comment shown: "
                     f"{'yes' if words in body else 'NO'}")
        statuses = []
        for server in (one, two, one, two):
            statuses.append(fetch(server + "/api/v1/tokens", json.dumps(
                {"email": email, "password": "wrong"}).encode(), {"Content-Type": "application/json"})[0])
        lines.append(f"- wrong-password token requests A, B, A, B with a limit of 3 per minute: {statuses}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/sc_bench")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8810)
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--only", default="",
                        help="load only the rows whose name contains one of these (comma-separated; a quick look)")
    args = parser.parse_args()
    os.environ.update(RATELIMIT_ENABLED="0", SOCIALCHALLENGE_ENV="development", SECRET_KEY=run.SECRET_KEY,
                      HOME_CACHE_SECONDS="60")
    wrk = run.ensure_wrk()
    run.ensure_database(args.database_url)
    if not args.skip_seed:
        from socialchallenge.security import hash_password

        run.seed(run.sqlalchemy_url(args.database_url), SCALES[args.scale], hash_password(run.PASSWORD), log=run.log)
    prefix = f"sc:bench:{int(time.time())}:"
    wanted = [w.strip() for w in args.only.split(",")]
    targets = [t for t in pages(args.scale) if any(w in t["name"] for w in wanted)]
    run.log("SQL and bytes per request in-process, cache off and on")
    before_ip = in_process(args.database_url, targets, "off", prefix + "ip:")
    after_ip = in_process(args.database_url, targets, "redis", prefix + "ip:")
    html = [before_ip[t["name"]]["bytes"] for t in targets
            if not t["path"].startswith("/api/") and not t.get("member")]
    lua_env = {"BENCH_TOKEN": before_ip["token"], "BENCH_CHALLENGES": str(SCALES[args.scale].challenges),
               "BENCH_COOKIE": before_ip["cookie"]}
    books_before = books(args.database_url)
    ceiling_bytes = int(statistics.median(html or [before_ip[t["name"]]["bytes"] for t in targets]))
    results: dict[str, dict[str, list[dict]]] = {t["name"]: {"before": [], "after": []} for t in targets}
    ceilings = []
    with run.gunicorn("wsgi:app", args.port, env(args.database_url, "off", prefix), run.ROOT) as off, \
            run.gunicorn("wsgi:app", args.port + 1, env(args.database_url, "redis", prefix), run.ROOT) as on, \
            run.gunicorn("ceiling:app", args.port + 2, {**os.environ, "CEILING_BYTES": str(ceiling_bytes)},
                         BENCH) as ceiling:
        for n in range(args.rounds):
            run.log(f"round {n + 1} of {args.rounds}")
            ceilings.append(run.run_wrk(wrk, ceiling, {"path": "/"}, args, {}))
            for target in targets:
                for label, base in (("before", off), ("after", on)) if n % 2 == 0 else (("after", on),
                                                                                         ("before", off)):
                    result = run.run_wrk(wrk, base, target, args, lua_env)
                    results[target["name"]][label].append(result)
                    run.log(f"  {target['name']} {label}: {result['rps']:.0f} req/s, p50 {result['p50_ms']:.1f} ms")
                run.wait_for_quiet_database(args.database_url)
    ceiling_rps = statistics.median(c["rps"] for c in ceilings)
    books_after = books(args.database_url)

    def med(rows: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    lines = ["| page | before req/s | after req/s | before ratio | after ratio | p50 ms before → after | "
             "p99 ms before → after | SQL / request before → after | bytes before → after | errors |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for target in targets:
        name = target["name"]
        b, a = results[name]["before"], results[name]["after"]
        errors = sum(r["non_2xx"] + r["errors"] for r in b + a)
        lines.append(
            f"| {name} | {med(b, 'rps'):.0f} | {med(a, 'rps'):.0f} | {med(b, 'rps') / ceiling_rps:.3f} | "
            f"{med(a, 'rps') / ceiling_rps:.3f} | {med(b, 'p50_ms'):.1f} → {med(a, 'p50_ms'):.1f} | "
            f"{med(b, 'p99_ms'):.1f} → {med(a, 'p99_ms'):.1f} | {before_ip[name]['queries']} → "
            f"{after_ip[name]['queries']} | {before_ip[name]['bytes']:,} → {after_ip[name]['bytes']:,} | {errors} |")
    lines.append(f"| ceiling: bare Flask template, no DB | {ceiling_rps:.0f} | | 1.000 | | "
                 f"{med(ceilings, 'p50_ms'):.1f} | {med(ceilings, 'p99_ms'):.1f} | 0 | {ceiling_bytes:,} | |")
    run.log("two app servers on one database and one Redis")
    checks = two_servers(args.database_url, args.scale, args.port + 3, prefix + "two:")
    sc = SCALES[args.scale]
    load = os.getloadavg()
    full_items = (f" (the list as 20 full challenges, as answered before the summaries, would be "
                  f"{before_ip['full items']:,} bytes)" if "full items" in before_ip else "")
    text = (f"Scale **{args.scale}** — {sc.challenges:,} challenges, {sc.challenges * sc.solutions_per_challenge:,} "
            f"solutions, {sc.pledges:,} pledges — run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"{args.rounds} interleaved rounds (medians), `wrk -t{args.threads} -c{args.connections} "
            f"-d{args.duration}s` per page and instance; before = `PAGE_CACHE=off`, after = `PAGE_CACHE=redis`, "
            f"both served at once by gunicorn (5 sync workers each). The JSON reads are page-cached for "
            f"anonymous readers like the pages{full_items}. The signed-in rows send a member's "
            f"session cookie: they are never served from the page cache; with it on, the parts of a page that "
            f"are the same for every reader can be (pagecache.fragments: the content of the challenge list, home, "
            f"learnings and search pages, a challenge or solution page's content for a member with no relation "
            f"to it, and a campaign page's for a member not on its team). "
            f"The pledge row POSTs sandbox pledges (201) to random live campaigns through both instances; "
            f"pledges {books_before[0]:,} → {books_after[0]:,} over the run, campaign totals that differ from "
            f"the ledger (reconcile) {books_before[1]} before → {books_after[1]} after. Load average at the end "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min; other work shares the 2 cores). SQL and "
            f"bytes in-process; after = a cache hit where the page cache serves it.\n\n"
            + "\n".join(lines) + "\n\nTwo app servers (one PostgreSQL, one Redis):\n\n" + "\n".join(checks) + "\n")
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    (out / f"cache-{args.scale}.md").write_text(text)
    (out / f"cache-{args.scale}.json").write_text(json.dumps({
        "results": results, "ceilings": ceilings, "books": [books_before, books_after],
        "before": {k: v for k, v in before_ip.items() if k not in ("cookie", "token")},
        "after": {k: v for k, v in after_ip.items() if k not in ("cookie", "token")}}, indent=2))
    print("\n" + text)
    if args.update_readme:
        readme = BENCH / "README.md"
        body = readme.read_text()
        start, end = body.index(README_START) + len(README_START), body.index(README_END)
        readme.write_text(body[:start] + "\n" + text + body[end:])


if __name__ == "__main__":
    main()
