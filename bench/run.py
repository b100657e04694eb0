"""Benchmark: seed PostgreSQL at scale, serve the app and a no-database ceiling with gunicorn, load both with wrk.

    .venv/bin/python bench/run.py --scale full      # 100,000 challenges, 400,000 solutions, 1M pledges, 1M comments
    .venv/bin/python bench/run.py --scale small     # a tenth of that
    .venv/bin/python bench/run.py --skip-seed       # load an already seeded database again

Everything listens on and is loaded through 127.0.0.1 only; every wrk run is bounded by --duration.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from seed import SCALES, seed  # noqa: E402

PASSWORD = "bench-password"
SECRET_KEY = "bench-secret-key-not-for-production"
README_START, README_END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_wrk() -> str:
    """wrk from Debian's packages; installed with apt-get when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: sudo apt-get install wrk")
    log("installing wrk with apt-get")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk") or sys.exit("wrk did not install")


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def ensure_database(url: str) -> None:
    """Create the bench database if needed and run the real migrations (`flask db upgrade`)."""
    import sqlalchemy as sa

    target = sa.engine.make_url(sqlalchemy_url(url))
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
        if not exists:
            log(f"creating database {target.database}")
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    log("flask db upgrade")
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                   env=app_env(url))


def app_env(url: str, **extra: str) -> dict[str, str]:
    """Development config (the sandbox provider refuses production) with a fixed key and no rate limits, and the
    home page snapshot kept as long as in production (60 s; development's default is 0)."""
    return {**os.environ, "DATABASE_URL": url, "SOCIALCHALLENGE_ENV": "development", "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_ENABLED": "0", "PAYMENT_PROVIDER": "sandbox", "HOME_CACHE_SECONDS": "60", **extra}


def targets(scale_name: str) -> list[dict]:
    """The pages under load; ids point into the middle of the seeded rows."""
    scale = SCALES[scale_name]
    challenge = scale.challenges // 2 + 1
    if challenge % 10 == 0:
        challenge += 1
    solution = (challenge - 1) * scale.solutions_per_challenge + 1  # runs a live campaign
    search = "/search?q=" + urllib.parse.quote("놀이터")
    return [
        {"name": "home page", "path": "/"},
        {"name": "challenge list", "path": "/challenges"},
        {"name": "challenge page", "path": f"/challenges/{challenge}"},
        {"name": "solution page", "path": f"/solutions/{solution}"},
        {"name": "campaign JSON", "path": f"/api/v1/solutions/{solution}/campaign"},
        {"name": "search", "path": search},
        {"name": "pledge (sandbox, POST)", "path": f"/api/v1/solutions/{solution}/pledges", "pledge": True},
    ]


def in_process(url: str, pages: list[dict], profile_names: set[str] | None = None, repeat: int = 10):
    """Count SQL queries per request (and optionally profile) by calling each page once in-process."""
    os.environ.update(app_env(url))
    import sqlalchemy as sa

    from socialchallenge import create_app
    from socialchallenge.accounts.service import issue_token
    from socialchallenge.extensions import db
    from socialchallenge.models import User

    app = create_app("development")
    counts, sizes, profiles = {}, {}, {}
    with app.app_context():
        token = issue_token(db.session, db.session.get(User, 1))
        db.session.commit()
        counter = {"n": 0}

        @sa.event.listens_for(db.engine, "before_cursor_execute")
        def count(*_args, **_kw):
            counter["n"] += 1

        db.session.remove()
        client = app.test_client()

        def call(target):
            # Each request in its own app context, as under a server: `g` (language, API user) is per request.
            with app.app_context():
                if target.get("pledge"):
                    return client.post(target["path"], json={"amount": 10000},
                                       headers={"Authorization": f"Bearer {token}"})
                return client.get(target["path"])

        for target in pages:
            call(target)  # warm caches (templates, translations) so the count is the steady state
            counter["n"] = 0
            response = call(target)
            assert response.status_code < 400, (target["path"], response.status_code)
            counts[target["name"]] = counter["n"]
            sizes[target["name"]] = len(response.data)
            if profile_names and target["name"] in profile_names:
                profiles[target["name"]] = profile(call, target, repeat, db.engine)
        db.session.remove()
        db.engine.dispose()
    return token, counts, sizes, profiles


def profile(call, target: dict, repeat: int, engine) -> str:
    """Wall time per request, the share spent waiting for SQL, the slowest statements and cProfile's top."""
    import sqlalchemy as sa

    statements: dict[str, list[float]] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        context._bench_started = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        key = " ".join(statement.split())
        statements.setdefault(key, []).append(time.perf_counter() - context._bench_started)

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeat):
        call(target)
    profiler.disable()
    wall = (time.perf_counter() - started) / repeat
    sa.event.remove(engine, "before_cursor_execute", before)
    sa.event.remove(engine, "after_cursor_execute", after)
    sql = sum(sum(v) for v in statements.values()) / repeat
    lines = [f"{repeat} requests in-process: {wall * 1000:.0f} ms per request, of which {sql * 1000:.0f} ms "
             f"({sql / wall:.0%}) executing SQL", "", "slowest statements (ms per request, start of the SQL):"]
    for key, times in sorted(statements.items(), key=lambda kv: -sum(kv[1]))[:4]:
        lines.append(f"  {sum(times) / repeat * 1000:7.1f} ms  {key[:150]}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(12)
    top = out.getvalue().split("ncalls", 1)[-1]
    lines += ["", "cProfile, top by own time:", "   ncalls" + top.rstrip()]
    return "\n".join(lines)


@contextlib.contextmanager
def gunicorn(app_spec: str, port: int, env: dict, cwd: Path):
    """gunicorn with bench/gunicorn.conf.py on 127.0.0.1:port, stopped afterwards."""
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", str(BENCH / "gunicorn.conf.py"), app_spec],
        cwd=cwd, env={**env, "BENCH_BIND": f"127.0.0.1:{port}"}, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"gunicorn did not start on port {port}")
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def run_wrk(wrk: str, base: str, target: dict, args, extra_env: dict) -> dict:
    """One bounded wrk run (after a short warm-up); its numbers from bench/wrk/report.lua."""
    script = (BENCH / "wrk" / "report.lua").read_text()
    if target.get("pledge"):
        script = (BENCH / "wrk" / "pledge.lua").read_text() + "\n" + script
    if target.get("member"):
        script = (BENCH / "wrk" / "member.lua").read_text() + "\n" + script
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [wrk, "-t", str(args.threads), "-c", str(args.connections), "-s", handle.name, "--timeout", "10s"]
    url = base + target["path"]
    env = {**os.environ, **extra_env}
    subprocess.run([*command, "-d", "3s", url], env=env, capture_output=True, check=True)
    output = subprocess.run([*command, "-d", f"{args.duration}s", url], env=env, capture_output=True, text=True,
                            check=True).stdout
    os.unlink(handle.name)
    line = next(x for x in output.splitlines() if x.startswith("BENCH_JSON "))
    result = json.loads(line[len("BENCH_JSON "):])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def wait_for_quiet_database(url: str, limit: float = 120) -> None:
    """Let queries still running after wrk stopped (slow pages) finish, so they don't slow the next page."""
    import sqlalchemy as sa

    # Autocommit: pg_stat_activity is a snapshot that stays frozen for the length of a transaction.
    engine = sa.create_engine(sqlalchemy_url(url), isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + limit
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            busy = conn.scalar(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"))
            if not busy:
                break
            time.sleep(1)
        else:
            log("  queries still running after the wait; the next page may be slowed")
    engine.dispose()


def table(rows: list[dict], ceiling: dict) -> str:
    lines = ["| page | req/s | p50 ms | p95 ms | SQL queries / request | ratio to ceiling | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row in [*rows, ceiling]:
        ratio = row["rps"] / ceiling["rps"]
        lines.append(f"| {row['name']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
                     f"{row.get('queries', 0)} | {ratio:.3f} | {row['non_2xx'] + row['errors']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/sc_bench")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the rows of an earlier run at this scale")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per page (default 20)")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--out", default=str(BENCH / "results"), help="folder for the result table")
    parser.add_argument("--update-readme", action="store_true", help="put the table into bench/README.md")
    parser.add_argument("--profile-only", action="store_true",
                        help="no load: profile every page in-process into results/profile-<scale>.md")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        sys.exit("the benchmark runs on PostgreSQL")

    # Before the app's config module is imported (it reads the environment once, at import).
    os.environ.update(RATELIMIT_ENABLED="0", SOCIALCHALLENGE_ENV="development", SECRET_KEY=SECRET_KEY,
                      HOME_CACHE_SECONDS="60")
    wrk = ensure_wrk()
    ensure_database(args.database_url)
    if not args.skip_seed:
        from socialchallenge.security import hash_password

        log(f"seeding at scale {args.scale}: {SCALES[args.scale]}")
        seed(sqlalchemy_url(args.database_url), SCALES[args.scale], hash_password(PASSWORD), log=log)

    pages = targets(args.scale)
    if args.profile_only:
        _, _, _, profiles = in_process(args.database_url, pages, profile_names={p["name"] for p in pages})
        text = "".join(f"### {name}\n\n```\n{body}\n```\n\n" for name, body in profiles.items())
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / f"profile-{args.scale}.md").write_text(text)
        print(text)
        return
    log("counting SQL queries per request in-process")
    token, counts, sizes, _ = in_process(args.database_url, pages)
    html_sizes = [sizes[p["name"]] for p in pages if not p["path"].startswith("/api/")]
    ceiling_bytes = int(statistics.median(html_sizes))
    log(f"queries per request: {counts}; median HTML size {ceiling_bytes} bytes")

    lua_env = {"BENCH_TOKEN": token, "BENCH_CHALLENGES": str(SCALES[args.scale].challenges)}
    results = []
    with gunicorn("wsgi:app", args.port, app_env(args.database_url), ROOT) as base:
        for target in pages:
            log(f"wrk {args.duration}s: {target['name']} ({target['path']})")
            result = {**run_wrk(wrk, base, target, args, lua_env), "name": target["name"],
                      "queries": counts[target["name"]]}
            log(f"  {result['rps']:.0f} req/s, p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
                f"non-2xx {result['non_2xx']}, errors {result['errors']}")
            results.append(result)
            wait_for_quiet_database(args.database_url)
    with gunicorn("ceiling:app", args.port + 1, {**os.environ, "CEILING_BYTES": str(ceiling_bytes)}, BENCH) as base:
        log(f"wrk {args.duration}s: ceiling (bare Flask, {ceiling_bytes} bytes, no database)")
        ceiling = {**run_wrk(wrk, base, {"path": "/"}, args, {}), "name": "ceiling: bare Flask template, no DB"}
        log(f"  {ceiling['rps']:.0f} req/s")

    slow = {r["name"] for r in results if r["rps"] / ceiling["rps"] < 0.5}
    profiles = {}
    if slow:
        log(f"profiling pages under 0.5 of the ceiling: {sorted(slow)}")
        _, _, _, profiles = in_process(args.database_url, pages, profile_names=slow)

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    sc = SCALES[args.scale]
    header = (f"Scale **{args.scale}** — {sc.users:,} users, {sc.challenges:,} challenges, "
              f"{sc.challenges * sc.solutions_per_challenge:,} solutions, {sc.pledges:,} pledges, "
              f"{sc.comments:,} comments — run {when} on this machine ({os.cpu_count()} cores). gunicorn 5 sync "
              f"workers; `wrk -t{args.threads} -c{args.connections} -d{args.duration}s` over 127.0.0.1; ceiling "
              f"page {ceiling_bytes:,} bytes (the median app page). The app runs with `HOME_CACHE_SECONDS=60`, "
              f"production's default.")
    text = header + "\n\n" + table(results, ceiling) + "\n"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"latest-{args.scale}.md").write_text(
        text + "".join(f"\n### Profile: {name} (in-process)\n\n"
                       f"```\n{profile}\n```\n" for name, profile in profiles.items()))
    (out / f"latest-{args.scale}.json").write_text(json.dumps({"results": results, "ceiling": ceiling}, indent=2))
    print("\n" + text)
    if args.update_readme:
        readme = BENCH / "README.md"
        body = readme.read_text()
        start, end = body.index(README_START) + len(README_START), body.index(README_END)
        readme.write_text(body[:start] + "\n" + text + body[end:])


if __name__ == "__main__":
    main()
