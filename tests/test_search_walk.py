"""PostgreSQL's walk for common words (issue 17 goal 4): a kind of item with more hits than the counted total is
walked along the date index, score by score, instead of ranking every hit; the pages are the same as ranking every
hit, in every order it serves, and a walk that cannot tell, or takes too long, gives way to ranking every hit."""

from datetime import timedelta

import pytest
from sqlalchemy import event, func, literal, select, text

from socialchallenge.extensions import db
from socialchallenge.models import Challenge
from socialchallenge.search import Filters, estimate, search
from socialchallenge.search import query as search_query
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge, make_solution

pytestmark = pytest.mark.postgres_only

QUERIES = ("주차", "주차 공간", "주차공간", "parking lot")


@pytest.fixture
def walked(app, monkeypatch):
    """Data where every word is common: with TOTAL_CAP at 4, each kind has more hits than counted, so it is walked,
    and with windows of 4 rows at least, the first pages' walks read fewer hits than each kind has.

    Titles and bodies mix the words (each score is present), and some rows share a moment (the id breaks ties)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the walk is PostgreSQL's (TEST_DATABASE_URL)")
    monkeypatch.setattr(search_query, "TOTAL_CAP", 4)
    monkeypatch.setattr(search_query, "WALK_MIN_WINDOW", 4)
    start = utcnow() - timedelta(days=30)
    titles = ["주차 공간이 없어요", "주차 문제", "골목 공간", "가로등", "parking lot lights", "parking at night"]
    bodies = ["주차 공간 부족", "주차 단속", "공간 주차 금지", "parking lot full", "the lot has no parking", "없음"]
    for n in range(18):
        when = start + timedelta(hours=n // 3)  # three rows at each moment
        challenge = make_challenge(title=f"{titles[n % 6]} {n}", problem=bodies[(n * 5) % 6], created_at=when)
        make_solution(challenge, title=f"{titles[(n + 3) % 6]} 해법 {n}", summary=bodies[(n + 1) % 6],
                      created_at=when + timedelta(minutes=n % 2))
    return monkeypatch


def _ranked(q, sort, page, per_page, filters=None):
    result = search(db.session, q, filters or Filters(), sort, page, per_page)
    return [(hit.kind, hit.item.id) for hit in result.items], (result.total, result.total_is_estimate)


def test_walked_pages_equal_ranking_every_hit(walked):
    windows, answered = [], []
    real_window, real_page = search_query._window, search_query._walked_page

    def window(part, size, after=None):
        windows.append(size)
        return real_window(part, size, after)

    def walked_page(session, q, *rest):
        page = real_page(session, q, *rest)
        if page is not None:
            answered.append(q)
        return page

    walked.setattr(search_query, "_window", window)
    walked.setattr(search_query, "_walked_page", walked_page)
    for q in QUERIES:
        for sort in ("relevance", "newest"):
            for filters in (None, Filters(stage="challenge")):
                pages = [_ranked(q, sort, page, 3, filters) for page in range(1, 8)]
                with walked.context() as patch:
                    patch.setattr(search_query, "_walked_page", lambda *a: None)  # rank every hit
                    every = [_ranked(q, sort, page, 3, filters) for page in range(1, 8)]
                assert pages == every, (q, sort, filters)
                assert any(rows for rows, _ in pages), (q, sort)
    # Pages came from the walk for every query, in relevance and date order, and walks read fewer hits than the
    # kind has (18 of each), more where the first read could not tell.
    assert set(answered) == set(QUERIES)
    assert db.session.scalar(text("SHOW enable_bitmapscan")) == "on"  # the walks' settings ended with them
    assert db.session.scalar(text("SHOW statement_timeout")) == "0"
    assert min(windows) < 18
    assert len(set(windows)) > 1


def test_a_word_with_few_hits_is_ranked_without_walking(walked):
    walked.setattr(search_query, "_window", lambda *a: pytest.fail("walked a rare word"))
    make_challenge(title="희귀한 낱말 하나")
    assert [hit.item.title for hit in search(db.session, "희귀한").items] == ["희귀한 낱말 하나"]


def test_a_kind_past_the_cap_is_counted_without_reading_its_hits(walked):
    # Both kinds have 18 hits, past TOTAL_CAP (4): the hits are counted (one row back), and only the walks read them.
    returned = []

    def after(conn, cursor, statement, parameters, context, executemany):
        returned.append((statement, cursor.rowcount))

    event.listen(db.engine, "after_cursor_execute", after)
    try:
        result = search(db.session, "주차", Filters(), "relevance", 1, 3)
    finally:
        event.remove(db.engine, "after_cursor_execute", after)
    assert (len(result.items), result.total, result.total_is_estimate) == (3, 4, True)
    walk_starts = next(n for n, (statement, _) in enumerate(returned) if "set_config" in statement)
    counts = [(statement, rows) for statement, rows in returned[:walk_starts] if statement.startswith("SELECT")]
    assert counts and all("count(" in statement and rows == 1 for statement, rows in counts), counts


def _counts_sent(q: str, filters: Filters | None = None) -> int:
    """How many statements counting hits a search for `q` (relevance, first page of 3) sends."""
    counts = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        counts.extend(["count"] if statement.startswith("SELECT count(") else [])

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        search(db.session, q, filters or Filters(), "relevance", 1, 3)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return len(counts)


@pytest.fixture
def analysed(walked):
    """The walked data with its statistics made by ANALYZE (in the test's transaction, so they go with it) and read
    afresh, and a kind told to be past the cap when they promise 10 hits (the cap is 4)."""
    db.session.execute(text("ANALYZE challenges"))
    db.session.execute(text("ANALYZE solutions"))
    walked.setattr(estimate, "_read", {})
    walked.setattr(search_query, "TOLD_PAST_CAP", 10)
    return walked


def test_a_word_the_statistics_put_in_many_rows_is_told_past_the_cap_not_counted(analysed):
    hits = db.session.scalar(select(func.count()).select_from(Challenge).where(Challenge.search_text.contains("주차")))
    assert hits >= 10  # the statistics promise what is there
    assert _counts_sent("주차") == 0
    pages = [_ranked("주차", sort, page, 3) for sort in ("relevance", "newest") for page in (1, 2, 3)]
    with analysed.context() as patch:
        patch.setattr(search_query, "_walked_page", lambda *a: None)  # rank and count every hit
        assert pages == [_ranked("주차", sort, page, 3) for sort in ("relevance", "newest") for page in (1, 2, 3)]
    assert all(total == (4, True) for _, total in pages)


def test_filters_several_words_and_a_share_short_of_the_promise_are_counted(analysed):
    assert _counts_sent("주차", Filters(stage="challenge")) == 1
    assert _counts_sent("주차 공간") >= 1
    assert _counts_sent("parking") >= 1  # a longer word: LIKE, with no such statistics
    analysed.setattr(search_query, "TOLD_PAST_CAP", 10_000)
    assert _counts_sent("주차") == 1


def test_without_statistics_a_word_is_counted(walked):
    walked.setattr(estimate, "_read", {})
    walked.setattr(search_query, "TOLD_PAST_CAP", 10)
    assert _counts_sent("주차") == 1  # this test's rows are not in any ANALYZE yet


def test_hits_written_between_the_count_and_the_read_are_walked_not_dropped(walked):
    # As if hits were written after the count: each kind is counted one short of the cap, the read then finds more.
    expected = [_ranked("주차", "relevance", page, 3) for page in (1, 2, 3)]
    walked.setattr(search_query, "_count", lambda part, room: select(literal(room - 1)))
    assert [_ranked("주차", "relevance", page, 3) for page in (1, 2, 3)] == expected


def test_a_walk_that_takes_too_long_gives_way_to_ranking_every_hit(walked):
    expected = _ranked("주차", "relevance", 1, 5)
    walked.setattr(search_query, "WALK_TIMEOUT_MS", 20)
    slow = []

    def walk_slowly(part, size, after=None):
        slow.append(size)
        return select(func.pg_sleep(0.2))  # cancelled at 20 ms

    walked.setattr(search_query, "_window", walk_slowly)
    assert _ranked("주차", "relevance", 1, 5) == expected
    assert slow, "the slow walk did not run"
    # The cancelled walk left the transaction usable and restored the settings.
    assert db.session.scalar(text("SHOW statement_timeout")) == "0"
    assert db.session.scalar(text("SHOW enable_bitmapscan")) == "on"


def _statements_sent(q: str, wanted) -> list[tuple[str, object]]:
    """The statements, with their parameters, that a search for `q` (relevance, first page of 3) sends and
    `wanted` picks."""
    statements = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if wanted(statement):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        search(db.session, q, Filters(), "relevance", 1, 3)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return statements


def test_a_walk_uses_the_date_index(walked):
    statements = _statements_sent("주차", lambda statement: "created_at DESC" in statement and "LIMIT" in statement)
    assert statements
    connection = db.session.connection()
    for name in ("enable_bitmapscan", "enable_seqscan", "enable_sort"):
        connection.execute(select(func.set_config(name, "off", True)))
    plans = ["\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
             for statement, parameters in statements]
    assert any("Index Scan Backward using ix_challenges_created_at" in plan for plan in plans), plans
    assert any("Index Scan Backward using ix_solutions_created_at" in plan for plan in plans), plans


@pytest.fixture
def lopsided(app, monkeypatch):
    """Walked kinds whose windows cover different times: the challenges' newest eight hits (a window for a page of
    two) are all recent and score 0, and the ninth newest has the word in its title."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the walk is PostgreSQL's (TEST_DATABASE_URL)")
    monkeypatch.setattr(search_query, "TOTAL_CAP", 4)
    monkeypatch.setattr(search_query, "WALK_MIN_WINDOW", 4)
    now = utcnow()
    for day in range(1, 13):
        title = "주차 칸이 모자라요" if day == 10 else f"골목 {day}"
        make_challenge(title=title, problem="주차 문제가 있어요", created_at=now - timedelta(days=day))
    return make_challenge(title="가로등", problem="어두워요", created_at=now - timedelta(days=300)), now


def _titles(q, sort="relevance"):
    return [hit.item.title for hit in search(db.session, q, Filters(), sort, 1, 2).items]


def test_a_walked_page_never_passes_over_a_hit_the_walk_did_not_read(lopsided, monkeypatch):
    elsewhere, now = lopsided
    for day in range(100, 112):  # solutions, all older than the challenges' window, with the word in the title
        make_solution(elsewhere, title=f"주차 해법 {day}", summary="주차", created_at=now - timedelta(days=day))
    # The best match is the challenge with the word in its title, which no walk read (it is the ninth newest).
    assert _titles("주차") == ["주차 칸이 모자라요", "주차 해법 100"]


def test_a_score_short_of_a_page_is_not_filled_while_hits_are_unread(lopsided):
    elsewhere, now = lopsided
    make_solution(elsewhere, title="주차 해법", summary="주차", created_at=now)  # the newest hit, with the word
    # One solution scores 2 and is read; the other hit that scores 2 is a challenge no walk read. Filling the page
    # from score 0 would put the newest challenge second.
    assert _titles("주차") == ["주차 해법", "주차 칸이 모자라요"]


@pytest.fixture
def titles_rare(app, monkeypatch):
    """A word in every row whose titles rarely hold it (주민 at full scale): the walks' windows of newest hits find
    no title hit, and cannot tell that none is older, so the few title hits are found by the title-bigram index."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the walk is PostgreSQL's (TEST_DATABASE_URL)")
    monkeypatch.setattr(search_query, "TOTAL_CAP", 4)
    monkeypatch.setattr(search_query, "WALK_MIN_WINDOW", 4)
    now = utcnow()
    titled = {1: "골목 주민 이야기", 3: "주민 모임 공간", 17: "주민센터 앞 공간", 25: "골목 주민 쉼터"}
    for day in range(30):
        title = titled.get(day, f"골목 {day}")
        challenge = make_challenge(title=title, problem="주민들이 쓸 공간이 없어요",
                                   created_at=now - timedelta(days=day))
        make_solution(challenge, title="공간 주민 해법" if day == 21 else f"해법 {day}", summary="주민과 함께",
                      created_at=now - timedelta(days=day, hours=12))
    return monkeypatch


def _title_route_answers(monkeypatch) -> list:
    """What each call of the title route gives back from now on (None: it could not tell)."""
    answered = []
    real = search_query._titles_first
    monkeypatch.setattr(search_query, "_titles_first", lambda *a: answered.append(real(*a)) or answered[-1])
    return answered


def test_a_word_whose_titles_are_rare_is_ranked_by_the_title_index(titles_rare):
    answered = _title_route_answers(titles_rare)
    for q in ("주민", "주민 공간", "공간주민", "주민센터"):
        pages = [_ranked(q, "relevance", page, 3) for page in range(1, 5)]
        with titles_rare.context() as patch:
            patch.setattr(search_query, "_walked_page", lambda *a: None)  # rank every hit
            every = [_ranked(q, "relevance", page, 3) for page in range(1, 5)]
        assert pages == every, q
    assert answered and None not in answered  # the walks could not tell; the title route answered each time
    def first(q: str, n: int) -> list[str]:
        return [hit.item.title for hit in search(db.session, q, Filters(), "relevance", 1, n).items]

    assert first("주민", 6) == ["골목 주민 이야기", "주민 모임 공간", "주민센터 앞 공간", "공간 주민 해법",
                               "골목 주민 쉼터", "골목 0"]
    # Both words in the title (score 4) before one (2), however new: 골목 주민 이야기 is the newest title hit.
    assert first("주민 공간", 5) == ["주민 모임 공간", "주민센터 앞 공간", "공간 주민 해법", "골목 주민 이야기",
                                    "골목 주민 쉼터"]


def test_newest_hits_without_a_title_hit_go_to_the_title_route_at_once(titles_rare):
    # 함께 is in every solution and in no title: the walk stops after its first read instead of doubling its window
    # first, and the title route (no title hit) walks the newest hits scored 0 of each kind.
    calls = []
    real_window, real_route = search_query._window, search_query._titles_first
    titles_rare.setattr(search_query, "_window", lambda part, size, after=None: calls.append("walk") or real_window(
        part, size, after))
    titles_rare.setattr(search_query, "_titles_first", lambda *a: calls.append("titles") or real_route(*a))
    titles = [hit.item.title for hit in search(db.session, "함께", Filters(), "relevance", 1, 3).items]
    assert calls == ["walk", "titles", "walk", "walk"], calls
    assert titles == ["해법 0", "해법 1", "해법 2"]


def test_the_title_route_reads_the_title_index(titles_rare):
    statements = _statements_sent("주민", lambda statement: "sc_title_grams" in statement)
    assert len(statements) == 2  # challenges, solutions
    connection = db.session.connection()
    connection.execute(select(func.set_config("enable_seqscan", "off", True)))  # a table this small is read whole
    plans = ["\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
             for statement, parameters in statements]
    assert "ix_challenges_title_grams" in plans[0] and "ix_solutions_title_grams" in plans[1], plans


def test_a_one_character_word_has_no_title_route(titles_rare):
    # 들 has no bigram for the index to look up: the route declines, and every hit is ranked.
    answered = _title_route_answers(titles_rare)
    page = _ranked("주민 들", "relevance", 1, 3)
    assert answered == [None]
    best = db.session.scalar(select(Challenge.id).where(Challenge.title == "골목 주민 이야기"))  # the newest title hit
    assert page[0][0] == ("challenge", best)


def test_too_many_title_hits_give_way_to_ranking_every_hit(titles_rare):
    titles_rare.setattr(search_query, "TITLE_HITS_MAX", 2)  # four challenges hold 주민 in the title
    answered = _title_route_answers(titles_rare)
    page = _ranked("주민", "relevance", 1, 3)
    assert answered == [None]
    with titles_rare.context() as patch:
        patch.setattr(search_query, "_walked_page", lambda *a: None)
        assert _ranked("주민", "relevance", 1, 3) == page
