"""Search benchmark: p50 and p95 of search requests at scale, in-process and (with --wrk) under gunicorn load.

    .venv/bin/python bench/search.py --scale small            # seed 10,000 challenges + 40,000 solutions, measure
    .venv/bin/python bench/search.py --scale small --skip-seed --wrk

Each query is one kind of search people make: a two-syllable Korean word (served by the bigram GIN index), a
longer word (trigram GIN index), two words, the same two words written together, a word in every row. Seeding
and the database are bench/run.py's; results go to bench/results/search-<scale>.md, not into unit tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run  # noqa: E402  (bench/run.py: database, seeding, gunicorn and wrk helpers)
from seed import SCALES, seed  # noqa: E402

QUERIES = (
    ("two-syllable word (5% of rows)", "주차"),
    ("three-syllable word (5% of rows)", "놀이터"),
    ("two words", "노인 돌봄"),
    ("the same words, no space", "노인돌봄"),
    ("two words never together", "주차 놀이터"),
    ("a word in every row", "주민"),
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def in_process(url: str, repeat: int, queries) -> list[dict]:
    """Every query through the search page and the API, `repeat` times each after a warm-up: timings and SQL."""
    import os

    import sqlalchemy as sa

    os.environ.update(run.app_env(url))
    from socialchallenge import create_app
    from socialchallenge.extensions import db
    from socialchallenge.search.query import challenge_list

    app = create_app("development")
    rows = []
    with app.app_context():
        statements: list[float] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            context._bench_started = time.perf_counter()

        def after(conn, cursor, statement, parameters, context, executemany):
            statements.append(time.perf_counter() - context._bench_started)

        sa.event.listen(db.engine, "before_cursor_execute", before)
        sa.event.listen(db.engine, "after_cursor_execute", after)
        client = app.test_client()
        for label, q in queries:
            for kind, path in (("page", "/search?q="), ("API", "/api/v1/search?q=")):
                target = path + urllib.parse.quote(q)
                with app.app_context():
                    first = client.get(target)
                assert first.status_code == 200, (target, first.status_code)
                times, sql = [], []
                for _ in range(repeat):
                    statements.clear()
                    started = time.perf_counter()
                    with app.app_context():
                        client.get(target)
                    times.append(time.perf_counter() - started)
                    sql.append((len(statements), sum(statements)))
                row = {"query": f"{label}: `{q}`", "endpoint": kind, "p50_ms": statistics.median(times) * 1000,
                       "p95_ms": percentile(times, 0.95) * 1000, "queries": sql[0][0],
                       "sql_ms": statistics.median(s for _, s in sql) * 1000, "bytes": len(first.data)}
                if kind == "API":
                    body = first.get_json()
                    row["total"] = f"{body['total']:,}{'+' if body['total_is_estimate'] else ''}"
                rows.append(row)
                run.log(f"  {kind:<4} {q:<10} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
                        f"SQL {row['sql_ms']:6.1f} ms in {row['queries']} statements")
        sa.event.remove(db.engine, "before_cursor_execute", before)
        sa.event.remove(db.engine, "after_cursor_execute", after)
        statement = challenge_list("주차", sort="relevance", session=db.session).limit(20).compile(db.engine)
        with db.engine.connect() as conn:
            plan = [r[0] for r in conn.exec_driver_sql(f"EXPLAIN ANALYZE {statement}", statement.params)]
        db.engine.dispose()
    return rows, plan


def under_load(url: str, args, page_bytes: int, queries) -> tuple[list[dict], list[dict]]:
    """wrk against gunicorn (bench/gunicorn.conf.py), one bounded run per query's search page and API answer, and
    the no-database ceiling (bench/ceiling.py, a page of the search page's size) before and after them."""
    wrk = run.ensure_wrk()
    results, ceilings = [], []
    env = {**os.environ, "CEILING_BYTES": str(page_bytes)}
    with run.gunicorn("ceiling:app", args.port + 1, env, run.BENCH) as ceiling, \
            run.gunicorn("wsgi:app", args.port, run.app_env(url, PAGE_CACHE="off"), run.ROOT) as base:
        ceilings.append(run.run_wrk(wrk, ceiling, {"path": "/"}, args, {}))
        for label, q in queries:
            for endpoint, path in (("page", "/search?q="), ("API", "/api/v1/search?q=")):
                result = run.run_wrk(wrk, base, {"path": path + urllib.parse.quote(q)}, args, {})
                results.append({"query": f"{label}: `{q}`", "endpoint": endpoint, **result})
                run.log(f"  wrk {endpoint:<4} {q:<10} {result['rps']:.1f} req/s  p50 {result['p50_ms']:.1f} ms  "
                        f"p95 {result['p95_ms']:.1f} ms  errors {result['non_2xx'] + result['errors']}")
                run.wait_for_quiet_database(url)
        ceilings.append(run.run_wrk(wrk, ceiling, {"path": "/"}, args, {}))
    run.log("  ceiling " + ", ".join(f"{c['rps']:.0f} req/s p50 {c['p50_ms']:.1f} ms" for c in ceilings))
    return results, ceilings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/sc_bench_search")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--repeat", type=int, default=20, help="requests per query in-process (default 20)")
    parser.add_argument("--wrk", action="store_true", help="also load each query's page with wrk under gunicorn")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8820)
    parser.add_argument("--only", help="measure only these queries, comma-separated (e.g. 주차,놀이터)")
    args = parser.parse_args()
    queries = [pair for pair in QUERIES if not args.only or pair[1] in args.only.split(",")]
    if not args.database_url.startswith("postgresql"):
        sys.exit("the benchmark runs on PostgreSQL")
    os.environ.update(RATELIMIT_ENABLED="0", SOCIALCHALLENGE_ENV="development", SECRET_KEY=run.SECRET_KEY)
    run.ensure_database(args.database_url)
    if not args.skip_seed:
        from socialchallenge.security import hash_password

        run.log(f"seeding at scale {args.scale}: {SCALES[args.scale]}")
        seed(run.sqlalchemy_url(args.database_url), SCALES[args.scale], hash_password(run.PASSWORD), log=run.log)
    run.log(f"in-process: {args.repeat} requests per query and endpoint")
    rows, plan = in_process(args.database_url, args.repeat, queries)
    page_bytes = int(statistics.median(r["bytes"] for r in rows if r["endpoint"] == "page"))
    loaded, ceilings = under_load(args.database_url, args, page_bytes, queries) if args.wrk else ([], [])

    sc = SCALES[args.scale]
    lines = [f"Scale **{args.scale}** ({sc.challenges:,} challenges, {sc.challenges * sc.solutions_per_challenge:,} "
             f"solutions), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores shared.",
             "", "In-process, one request at a time (the app's test client against PostgreSQL):", "",
             "| query | endpoint | p50 ms | p95 ms | SQL ms (median) | statements | total | bytes |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['query']} | {r['endpoint']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['sql_ms']:.1f} | "
              f"{r['queries']} | {r.get('total', '')} | {r['bytes']:,} |" for r in rows]
    if loaded:
        ceiling_rps = statistics.median(c["rps"] for c in ceilings)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        lines += ["", f"Under load: gunicorn (bench/gunicorn.conf.py, 5 workers), `wrk -t{args.threads} "
                      f"-c{args.connections} -d{args.duration}s` per query and endpoint, with the page cache off "
                      f"(every request runs the search); the ceiling (bench/ceiling.py, {page_bytes:,} bytes) "
                      f"before and after; load average at the end {load}:", "",
                  "| query | endpoint | req/s | ratio to ceiling | p50 ms | p95 ms | errors |",
                  "|---|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {r['query']} | {r['endpoint']} | {r['rps']:.1f} | {r['rps'] / ceiling_rps:.3f} | "
                  f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['non_2xx'] + r['errors']} |" for r in loaded]
        lines.append(f"| ceiling: bare Flask template, no DB | | {ceiling_rps:.1f} | 1.000 | "
                     f"{statistics.median(c['p50_ms'] for c in ceilings):.1f} | "
                     f"{statistics.median(c['p95_ms'] for c in ceilings):.1f} | 0 |")
    lines += ["", "The challenge list's plan for `주차` (EXPLAIN ANALYZE):", "", "```", *plan, "```"]
    text = "\n".join(lines) + "\n"
    out = BENCH / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"search-{args.scale}.md").write_text(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
