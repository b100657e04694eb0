"""Seed a PostgreSQL database at scale with set-based SQL (INSERT ... SELECT generate_series), not the ORM."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa

from socialchallenge.secretariat.totals import backfill_sql

# Tables loaded here; their secondary indexes are dropped during the load and rebuilt after it, which is
# several times faster than maintaining them row by row (the trigram GIN indexes above all).
LOADED_TABLES = (
    "users", "tags", "challenges", "challenge_tags", "challenge_sdgs", "supports", "solutions", "team_members",
    "solution_events", "budget_lines", "campaigns", "pledges", "ledger_entries", "comments",
)

# Twenty topics, so that a search for one of them matches about 5% of the rows, as real searches do.
TOPICS = ("주차", "놀이터", "버스", "쓰레기", "공원", "도서관", "자전거", "노인 돌봄", "청년 일자리", "골목 조명",
          "소음", "장애인 접근성", "미세먼지", "빈집", "마을 축제", "하천", "급식", "돌봄 교실", "시장", "공유 주방")
AREAS = ("종로구", "중구", "용산구", "성동구", "마포구", "서대문구", "은평구", "강서구", "구로구", "관악구",
         "Haeundae", "Suyeong", "Yeonsu", "Bupyeong", "Jung-gu")


@dataclass(frozen=True)
class Scale:
    """How many rows of each kind to make."""

    users: int
    challenges: int
    solutions_per_challenge: int
    pledges: int
    comments: int


SCALES = {
    "full": Scale(users=20_000, challenges=100_000, solutions_per_challenge=4, pledges=1_000_000,
                  comments=1_000_000),
    "small": Scale(users=2_000, challenges=10_000, solutions_per_challenge=4, pledges=100_000, comments=100_000),
    "tiny": Scale(users=200, challenges=500, solutions_per_challenge=4, pledges=5_000, comments=5_000),
}

# The first solution of each challenge runs a live campaign (every tenth one finished, in learnings);
# the second is a selected proposal, the others ideas. Solution ids are (challenge - 1) * 4 + 1 .. + 4.
LONG_TEXT = ("repeat('이 문제는 주민의 일상에 영향을 줍니다. 아이들과 어르신이 함께 쓰는 공간이 부족하고, "
             "밤에는 어둡고 위험합니다. ', 6) || md5(g::text)")


def _steps(s: Scale, password_hash: str):
    """(label, rows, SQL) for each bulk insert, in dependency order."""
    n_sol = s.challenges * s.solutions_per_challenge
    spc = s.solutions_per_challenge
    topics = "ARRAY[" + ",".join(f"'{t}'" for t in TOPICS) + "]"
    stages = "'idea', 'proposal', 'crowdfunding', 'experiment', 'learnings'"
    areas = "ARRAY[" + ",".join(f"'{a}'" for a in AREAS) + "]"
    live = f"(SELECT (c - 1) * {spc} + 1 AS sid, c FROM generate_series(1, {s.challenges}) c)"
    pledges_per_campaign = max(1, s.pledges // s.challenges)
    comments_on_challenges = s.comments * 6 // 10
    comments_on_solutions = s.comments - comments_on_challenges
    return [
        ("users", s.users, f"""
            INSERT INTO users (id, email, name, password_hash, role, suspended, session_nonce, created_at)
            SELECT g, 'bench' || g || '@example.test', '시민 ' || g, :password_hash,
                   CASE WHEN g = 2 THEN 'secretariat' ELSE 'member' END, false, substr(md5(g::text), 1, 16),
                   now() - (g || ' minutes')::interval
            FROM generate_series(1, {s.users}) g"""),
        ("tags", len(TOPICS), f"""
            INSERT INTO tags (id, name) SELECT g, ({topics})[g] FROM generate_series(1, {len(TOPICS)}) g"""),
        ("challenges", s.challenges, f"""
            INSERT INTO challenges (id, title, problem, affected, area, status, hidden, owner_id, min_solutions,
                                    supports_count, solutions_count, created_at, updated_at)
            SELECT g, ({topics})[1 + g % 20] || ' 문제 #' || g, {LONG_TEXT}, {LONG_TEXT},
                   ({areas})[1 + g % {len(AREAS)}], CASE WHEN g % 10 = 0 THEN 'closed' ELSE 'open' END, false,
                   3 + g % ({s.users} - 3), 4, 3, {spc},
                   now() - ((({s.challenges} - g) * 5) || ' minutes')::interval, now()
            FROM generate_series(1, {s.challenges}) g"""),
        ("challenge_tags", s.challenges * 2, f"""
            INSERT INTO challenge_tags (challenge_id, tag_id)
            SELECT g, 1 + g % 20 FROM generate_series(1, {s.challenges}) g
            UNION ALL SELECT g, 1 + (g + 7) % 20 FROM generate_series(1, {s.challenges}) g"""),
        ("challenge_sdgs", s.challenges * 2, f"""
            INSERT INTO challenge_sdgs (challenge_id, sdg)
            SELECT g, 1 + g % 17 FROM generate_series(1, {s.challenges}) g
            UNION ALL SELECT g, 1 + (g + 5) % 17 FROM generate_series(1, {s.challenges}) g"""),
        ("supports", s.challenges * 3, f"""
            INSERT INTO supports (challenge_id, user_id, story, created_at)
            SELECT c, 3 + (c * 7 + k) % ({s.users} - 3), CASE WHEN k = 0 THEN '저도 매일 겪어요.' ELSE '' END, now()
            FROM generate_series(1, {s.challenges}) c, generate_series(0, 2) k"""),
        ("solutions", n_sol, f"""
            INSERT INTO solutions (id, challenge_id, stage, selected, adopted, title, summary, description,
                experiment_plan, experiment_goal, already_tested, team_description, resources, schedule_start,
                schedule_end, learning_goals, other_funding, campaign_days, funding_model, experiment_method,
                goal_achievement, lessons, results, advice, wrap_up, next_steps, created_at, updated_at,
                stage_entered_at)
            SELECT g, c, st, j < 2, false,
                   '해결책 ' || g || ': ' || ({topics})[1 + c % 20] || ' 실험', '주민이 함께 만드는 작은 실험 ' || g,
                   {LONG_TEXT}, p, p, p, p, p,
                   CASE WHEN j < 2 THEN date '2026-01-01' END, CASE WHEN j < 2 THEN date '2026-06-30' END, p,
                   CASE WHEN j = 0 THEN '없음' ELSE '' END, CASE WHEN j = 0 THEN 30 END,
                   CASE WHEN j = 0 THEN 'keep_it_all' END,
                   CASE WHEN st = 'learnings' THEN p ELSE '' END,
                   CASE WHEN st = 'learnings' THEN 'met' END,
                   l, l, l, l, l, now() - (({n_sol} - g) || ' minutes')::interval, now(),
                   now() - (({n_sol} - g) || ' minutes')::interval
            FROM (SELECT g, (g - 1) / {spc} + 1 AS c, (g - 1) % {spc} AS j,
                         CASE WHEN (g - 1) % {spc} = 0 AND ((g - 1) / {spc} + 1) % 10 = 0 THEN 'learnings'
                              WHEN (g - 1) % {spc} = 0 THEN 'crowdfunding'
                              WHEN (g - 1) % {spc} = 1 THEN 'proposal' ELSE 'idea' END AS st,
                         CASE WHEN (g - 1) % {spc} < 2 THEN '계획: ' || md5(g::text) ELSE '' END AS p,
                         CASE WHEN (g - 1) % {spc} = 0 AND ((g - 1) / {spc} + 1) % 10 = 0
                              THEN '배운 점: ' || md5(g::text) ELSE '' END AS l
                  FROM generate_series(1, {n_sol}) g) s"""),
        ("team_members", n_sol, f"""
            INSERT INTO team_members (solution_id, user_id, role, joined_at)
            SELECT g, 3 + (g * 13) % ({s.users} - 3), 'lead', now() FROM generate_series(1, {n_sol}) g"""),
        ("solution_events", n_sol, f"""
            INSERT INTO solution_events (solution_id, actor_id, kind, message, created_at)
            SELECT g, 3 + (g * 13) % ({s.users} - 3), 'created', '', now() FROM generate_series(1, {n_sol}) g"""),
        # The stages each solution entered (for the statistics' conversion and days in stage): a proposal
        # entered one stage, a campaign two, a finished one four, each some hours after the one before.
        ("solution transitions", n_sol * 8 // 10, f"""
            INSERT INTO solution_events (solution_id, actor_id, kind, from_stage, to_stage, message, created_at)
            SELECT s.id, NULL, 'transition', (ARRAY[{stages}])[k], (ARRAY[{stages}])[k + 1], '',
                   s.created_at + ((k * (1 + s.id % 97)) || ' hours')::interval
            FROM solutions s, generate_series(1, 4) k
            WHERE k <= array_position(ARRAY[{stages}], s.stage::text) - 1"""),
        ("budget_lines", s.challenges * 2, f"""
            INSERT INTO budget_lines (solution_id, position, item, amount, required)
            SELECT sid, k, CASE WHEN k = 0 THEN '재료비' ELSE '홍보' END, 500000 * (k + 1), k = 0
            FROM {live} l, generate_series(0, 1) k"""),
        ("campaigns", s.challenges, f"""
            INSERT INTO campaigns (id, solution_id, status, requested_at, review_message, reviewed_at, launched_at,
                                   deadline, goal, optimum, currency, funding_model, campaign_days)
            SELECT c, sid, CASE WHEN c % 10 = 0 THEN 'succeeded' ELSE 'live' END, now(), '', now(), now(),
                   now() + ((1 + c % 60) || ' days')::interval + (c || ' seconds')::interval,
                   500000, 1500000, 'krw', 'keep_it_all', 30
            FROM {live} l"""),
        ("pledges", pledges_per_campaign * s.challenges, f"""
            INSERT INTO pledges (id, campaign_id, backer_id, amount, anonymous, note, status, provider,
                                 charge_error, confirmed_at, created_at)
            SELECT (c - 1) * {pledges_per_campaign} + k + 1, c, 3 + (c * 31 + k) % ({s.users} - 3),
                   10000 * (1 + k % 5), k % 7 = 0, '', 'collected', 'sandbox', '', now(),
                   now() - (k || ' hours')::interval
            FROM generate_series(1, {s.challenges}) c, generate_series(0, {pledges_per_campaign - 1}) k"""),
        ("ledger_entries", pledges_per_campaign * s.challenges * 2, """
            INSERT INTO ledger_entries (campaign_id, pledge_id, kind, amount, created_at)
            SELECT campaign_id, id, kind, amount, created_at FROM pledges,
                   (VALUES ('pledged'), ('collected')) AS k(kind)"""),
        ("comments on challenges", comments_on_challenges, f"""
            INSERT INTO comments (challenge_id, solution_id, parent_id, author_id, body, body_html, created_at,
                                  deleted, hidden, open_reports)
            SELECT 1 + g % {s.challenges}, NULL, NULL, 3 + g % ({s.users} - 3),
                   '저도 같은 생각입니다. ' || md5(g::text),
                   '<p>저도 같은 생각입니다. ' || md5(g::text) || '</p>', now() - (g || ' seconds')::interval,
                   false, false, 0
            FROM generate_series(1, {comments_on_challenges}) g"""),
        ("comments on solutions", comments_on_solutions, f"""
            INSERT INTO comments (challenge_id, solution_id, parent_id, author_id, body, body_html, created_at,
                                  deleted, hidden, open_reports)
            SELECT NULL, 1 + g % {n_sol}, NULL, 3 + g % ({s.users} - 3), '좋은 실험이네요! ' || md5(g::text),
                   '<p>좋은 실험이네요! ' || md5(g::text) || '</p>', now() - (g || ' seconds')::interval,
                   false, false, 0
            FROM generate_series(1, {comments_on_solutions}) g"""),
    ], {"password_hash": password_hash}


def _totals_sql() -> list[str]:
    """Bring running totals and sequences in line with the rows just loaded."""
    return [
        """UPDATE campaigns c SET pledged = t.total, collected = t.total, backers = t.backers
           FROM (SELECT campaign_id, sum(amount) AS total, count(DISTINCT backer_id) AS backers
                 FROM pledges GROUP BY campaign_id) t WHERE t.campaign_id = c.id""",
        *[f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), coalesce((SELECT max(id) FROM {t}), 1))"
          for t in ("users", "tags", "challenges", "supports", "solutions", "solution_events", "budget_lines",
                    "campaigns", "pledges", "ledger_entries", "comments")],
    ]


def _fold_sql(column: str) -> str:
    # models/textindex.fold in SQL (NFKC, lower case, no whitespace), close enough for benchmark rows.
    return f"lower(regexp_replace(normalize(coalesce({column}, ''), NFKC), '\\s', '', 'g'))"


def _search_text_sql() -> list[str]:
    """Fill search_text and search_grams (which the app writes at every save) for the rows just loaded."""
    columns = {"challenges": ("title", "problem", "affected", "area"),
               "solutions": ("title", "summary", "description", "lessons", "results", "advice", "wrap_up",
                             "next_steps")}
    statements = []
    for table, cols in columns.items():
        text = " || ".join(f"{_fold_sql('x.' + c)} || chr(31)" for c in cols)
        if table == "challenges":
            text += (f" || coalesce((SELECT string_agg({_fold_sql('t.name')} || chr(31), '' ORDER BY t.name) "
                     "FROM challenge_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.challenge_id = x.id), '')")
        statements.append(f"""
            UPDATE {table} x SET search_text = s.text,
                   search_grams = ARRAY(SELECT DISTINCT substr(p, i, 2)
                                        FROM unnest(string_to_array(s.text, chr(31))) p,
                                             generate_series(1, length(p) - 1) i)
            FROM (SELECT x.id, {text} AS text FROM {table} x) s WHERE s.id = x.id""")
    return statements


def _secondary_indexes(conn) -> list[tuple[str, str]]:
    """(name, definition) of every index on the loaded tables that no constraint owns."""
    rows = conn.execute(sa.text("""
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(:tables)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)"""),
        {"tables": list(LOADED_TABLES)})
    return [(r[0], r[1]) for r in rows]


def seed(database_url: str, scale: Scale, password_hash: str, log=print) -> None:
    """Empty the loaded tables and fill them at `scale`, printing progress."""
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    started = time.monotonic()
    with engine.connect() as conn:
        conn.execute(sa.text("SET synchronous_commit = off"))
        conn.execute(sa.text("SET maintenance_work_mem = '1GB'"))
        # Skip foreign-key triggers during the load: the rows are made consistent by construction.
        conn.execute(sa.text("SET session_replication_role = replica"))
        log("emptying tables")
        conn.execute(sa.text("TRUNCATE " + ", ".join(LOADED_TABLES) + " RESTART IDENTITY CASCADE"))
        indexes = _secondary_indexes(conn)
        log(f"dropping {len(indexes)} secondary indexes for the load")
        for name, _ in indexes:
            conn.execute(sa.text(f'DROP INDEX IF EXISTS "{name}"'))
        steps, params = _steps(scale, password_hash)
        for label, rows, sql in steps:
            t0 = time.monotonic()
            conn.execute(sa.text(sql), params if ":password_hash" in sql else {})
            elapsed, total = time.monotonic() - t0, time.monotonic() - started
            log(f"  {label:<24} {rows:>10,} rows  {elapsed:6.1f}s  (total {total:6.0f}s)")
        for sql in _totals_sql():
            conn.execute(sa.text(sql))
        # The statistics' kept figures (migration 0027) come from triggers, off during the load: fill them here.
        t0 = time.monotonic()
        for sql in backfill_sql(postgres=True):
            conn.execute(sa.text(sql))
        log(f"  {'statistics totals':<24} {'':>10}       {time.monotonic() - t0:6.1f}s")
        t0 = time.monotonic()
        for sql in _search_text_sql():
            conn.execute(sa.text(sql))
        # The app writes this text with the row; here each row was written twice: give back the dead half.
        conn.execute(sa.text("VACUUM FULL challenges, solutions"))
        log(f"  {'search text and bigrams':<24} {'':>10}       {time.monotonic() - t0:6.1f}s")
        log("rebuilding indexes")
        for name, definition in indexes:
            t0 = time.monotonic()
            conn.execute(sa.text(definition))
            log(f"  {name:<40} {time.monotonic() - t0:6.1f}s")
        conn.execute(sa.text("SET session_replication_role = DEFAULT"))
        log("analyze")
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()
    log(f"seeded in {time.monotonic() - started:.0f}s")
