"""Time the secretariat statistics (the page and its CSV share them) in-process against a seeded bench database.

    .venv/bin/python bench/run.py --scale full --profile-only     # seed first (or any run that seeds)
    .venv/bin/python bench/stats.py                                # median of 3 rounds, and each query's time
    .venv/bin/python bench/stats.py --database-url postgresql://postgres@127.0.0.1:5432/sc_bench --rounds 5
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
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.database_url, SOCIALCHALLENGE_ENV="development", RATELIMIT_ENABLED="0",
                      SECRET_KEY=os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"))
    import sqlalchemy as sa

    from socialchallenge import create_app
    from socialchallenge.extensions import db
    from socialchallenge.secretariat import stats

    app = create_app("development")
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


if __name__ == "__main__":
    main()
