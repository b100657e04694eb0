"""Statistics and CSV exports: numbers from the history, a fixed number of queries, escaped and anonymous CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import event

from socialchallenge.extensions import db
from socialchallenge.models import EventKind, SkillNeed, SkillOffer, SolutionEvent, Stage
from socialchallenge.secretariat import stats
from socialchallenge.timeutil import utcnow
from tests.builders import make_campaign, make_challenge, make_pledge, make_solution, make_user

EN = {"Accept-Language": "en"}
INJECTION = "=cmd|' /C calc'!A0"


def _items(n: int) -> None:
    stages = list(Stage)
    for i in range(n):
        solution = make_solution(stage=stages[i % len(stages)], challenge=make_challenge(area=f"Area {i % 3}"))
        if solution.campaign is not None:
            make_pledge(solution.campaign, amount=10_000)
        need = SkillNeed(solution_id=solution.id, skill="Design", hours=10)
        db.session.add(need)
        db.session.flush()
        db.session.add(SkillOffer(need_id=need.id, member_id=make_user().id, hours=3))
        db.session.add(SolutionEvent(solution_id=solution.id, kind=EventKind.transition, from_stage=Stage.idea,
                                     to_stage=Stage.proposal, created_at=utcnow()))
    db.session.commit()


def _count_queries(client, path: str) -> int:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(path, headers=EN)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


def test_statistics_page_runs_a_fixed_number_of_queries(client, auth, app):
    auth.login(make_user(role="secretariat"))
    _items(5)
    few = _count_queries(client, "/secretariat/stats")
    _items(45)
    many = _count_queries(client, "/secretariat/stats")
    assert few == many, (few, many)
    api_few = _count_queries(client, "/secretariat/stats")
    assert api_few == many


def test_statistics_count_stages_conversion_and_median_days(app):
    now = utcnow()
    quick = make_solution(stage=Stage.proposal, created_at=now - timedelta(days=10))
    slow = make_solution(stage=Stage.proposal, created_at=now - timedelta(days=30))
    make_solution(stage=Stage.idea)
    for solution, days in ((quick, 2), (slow, 20)):
        db.session.add(SolutionEvent(solution_id=solution.id, kind=EventKind.transition, from_stage=Stage.idea,
                                     to_stage=Stage.proposal, created_at=solution.created_at + timedelta(days=days)))
    campaign = make_campaign(funding_model="keep_it_all")
    make_pledge(campaign, amount=70_000)
    make_pledge(campaign, amount=30_000, status="refunded")
    db.session.commit()
    result = stats.compute(db.session)
    assert result.stage_counts["idea"] == 1 and result.stage_counts["proposal"] == 2
    assert result.stage_counts["crowdfunding"] == 1 and result.stage_counts["challenge"] == 4
    assert result.median_days["idea"] == 11.0  # 2 and 20 days
    idea_to_proposal = next(c for c in result.conversion if c["from"] == "idea")
    assert idea_to_proposal["base"] == 4 and idea_to_proposal["moved"] == 3 and idea_to_proposal["percent"] == 75.0
    assert result.money_pledged == 70_000 and result.pledges == 1
    assert {row["key"] for row in result.areas} == {"Mapo-gu"}


def test_statistics_page_shows_charts_and_tables(client, auth, app):
    auth.login(make_user(role="secretariat"))
    _items(3)
    html = client.get("/secretariat/stats", headers=EN).get_data(as_text=True)
    assert "<svg" in html and "<table" in html and "Median days in stage" in html
    assert "style=" not in html and "<script>" not in html


def _csv(client, kind: str) -> list[list[str]]:
    response = client.get(f"/secretariat/exports/{kind}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_csv_cells_that_look_like_formulas_are_escaped(client, auth, app):
    auth.login(make_user(role="secretariat"))
    make_challenge(title=INJECTION, area="+SUM(A1:A9)")
    rows = _csv(client, "challenges")
    header, row = rows[0], rows[1]
    assert row[header.index("title")] == "'" + INJECTION
    assert row[header.index("area")] == "'+SUM(A1:A9)"
    stat_rows = _csv(client, "statistics")
    assert ["area", "'+SUM(A1:A9)", "challenges", "1"] in stat_rows


def test_pledges_export_has_no_personal_data(client, auth, app):
    auth.login(make_user(role="secretariat"))
    backer = make_user(name="Kim Backer", email="kim.backer@example.org")
    campaign = make_campaign()
    make_pledge(campaign, backer=backer, amount=25_000, note="From Kim")
    text = client.get("/secretariat/exports/pledges.csv").get_data(as_text=True)
    assert "25000" in text
    assert "Kim" not in text and "example.org" not in text and "backer" not in text.splitlines()[0]


def test_solutions_export_streams_one_row_each(client, auth, app):
    auth.login(make_user(role="secretariat"))
    for _ in range(3):
        make_solution()
    assert len(_csv(client, "solutions")) == 4


def test_cli_export_writes_the_file_with_progress(runner, app, tmp_path):
    for _ in range(3):
        make_challenge(title=INJECTION)
    out = tmp_path / "challenges.csv"
    result = runner.invoke(args=["exports", "run", "challenges", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 rows written" in result.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert len(rows) == 4 and rows[1][1] == "'" + INJECTION
    assert runner.invoke(args=["exports", "run", "nonsense", "--output", str(out)]).exit_code != 0
