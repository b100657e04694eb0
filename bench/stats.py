"""Time the secretariat statistics (the page and its CSV share them) in-process against a seeded bench database.

    .venv/bin/python bench/run.py --scale full --profile-only     # seed first (or any run that seeds)
    .venv/bin/python bench/stats.py                                # median of 3 rounds, and each query's time
    .venv/bin/python bench/stats.py --database-url postgresql://postgres@127.0.0.1:5432/sc_bench --rounds 5
    .venv/bin/python bench/stats.py --against 4087103 --rounds 5   # interleaved with that revision's stats.py

With `--against REV`, each round times that revision's `stats.compute` (read with `git show`) and then this one's
on the same connection and data, and checks that their CSV rows are the same.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/sc_bench")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="time this revision's statistics too, interleaved")
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url, SOCIALCHALLENGE_ENV="development", RATELIMIT_ENABLED="0",
                      SECRET_KEY=os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"))
    import sqlalchemy as sa

    from socialchallenge import create_app
    from socialchallenge.extensions import db
    from socialchallenge.secretariat import stats

    app = create_app("development")
    if args.against:
        against(app, db, stats, args.against, args.rounds)
        return
    with app.app_context():
        timings: list[list[tuple[float, str]]] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            context._bench_started = time.perf_counter()

        def after(conn, cursor, statement, parameters, context, executemany):
            timings[-1].append((time.perf_counter() - context._bench_started, " ".join(statement.split())))

        sa.event.listen(db.engine, "before_cursor_execute", before)
        sa.event.listen(db.engine, "after_cursor_execute", after)
        walls = []
        for n in range(args.rounds):
            timings.append([])
            started = time.perf_counter()
            result = stats.compute(db.session)
            walls.append(time.perf_counter() - started)
            db.session.rollback()
            print(f"round {n + 1}: {walls[-1]:.2f} s, {len(timings[-1])} queries", flush=True)
        print(f"\nstatistics of {result.stage_counts['challenge']:,} challenges, "
              f"{sum(v for k, v in result.stage_counts.items() if k != 'challenge'):,} solutions, "
              f"{result.pledges:,} pledges: median {statistics.median(walls):.2f} s over {args.rounds} rounds\n")
        print("each query, median seconds (start of the SQL):")
        for i, (_, sql) in enumerate(timings[0]):
            print(f"  {statistics.median(t[i][0] for t in timings):6.2f}  {sql[:130]}")


def against(app, db, stats, rev: str, rounds: int) -> None:
    """Time REV's stats.compute and this one's, one after the other in each round, and compare their figures."""
    import importlib.util
    import subprocess
    import tempfile

    source = subprocess.run(["git", "show", f"{rev}:socialchallenge/secretariat/stats.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("stats_at_rev", f.name)
    old = importlib.util.module_from_spec(spec)
    sys.modules["stats_at_rev"] = old
    spec.loader.exec_module(old)
    walls: dict[str, list[float]] = {rev: [], "this": []}
    with app.app_context():
        for n in range(rounds):
            rows = {}
            for name, module in ((rev, old), ("this", stats)):
                load = os.getloadavg()[0]
                started = time.perf_counter()
                result = module.compute(db.session)
                walls[name].append(time.perf_counter() - started)
                db.session.rollback()
                rows[name] = list(module.csv_rows(result))
                print(f"round {n + 1} {name}: {walls[name][-1]:.2f} s (load {load:.1f})", flush=True)
            print("  the same figures" if rows[rev] == rows["this"] else "  THE FIGURES DIFFER", flush=True)
    for name, times in walls.items():
        print(f"{name}: median {statistics.median(times):.2f} s over {rounds} rounds "
              f"({', '.join(f'{t:.2f}' for t in times)})")
    os.unlink(f.name)


if __name__ == "__main__":
    main()
