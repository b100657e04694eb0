"""Statistics and CSV exports: numbers from the history, a fixed number of queries, escaped and anonymous CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

from socialchallenge.extensions import db
from socialchallenge.models import EventKind, SkillNeed, SkillOffer, SolutionEvent, Stage
from socialchallenge.secretariat import stats
from socialchallenge.timeutil import utcnow
from tests.builders import a_season_of_work, make_campaign, make_challenge, make_pledge, make_solution, make_user
from tests.helpers import EN, queries_for

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



def test_statistics_page_runs_a_fixed_number_of_queries(client, auth, app):
    auth.login(make_user(role="secretariat"))
    _items(5)
    few = queries_for(client, "/secretariat/stats", headers=EN)
    _items(45)
    many = queries_for(client, "/secretariat/stats", headers=EN)
    assert few == many, (few, many)
    api_few = queries_for(client, "/secretariat/stats", headers=EN)
    assert api_few == many


class _RowCountingSession:
    """The session, counting the rows the database sends back to Python."""

    def __init__(self, session):
        self.session, self.rows = session, 0

    def get_bind(self):
        return self.session.get_bind()

    def execute(self, statement):
        rows = self.session.execute(statement).all()
        self.rows += len(rows)
        return _Rows(rows)


class _Rows(list):
    def all(self):
        return list(self)


def test_statistics_are_computed_in_the_database_not_from_every_row(app):
    _items(15)
    few = _RowCountingSession(db.session)
    before = stats.compute(few)
    _items(45)
    many = _RowCountingSession(db.session)
    after = stats.compute(many)
    assert after.stage_counts["challenge"] == before.stage_counts["challenge"] + 45
    assert few.rows == many.rows < 60, (few.rows, many.rows)


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


def test_statistics_are_right_on_a_season_of_work(app):
    a_season_of_work()
    result = stats.compute(db.session)
    assert result.stage_counts == {"challenge": 4, "idea": 2, "proposal": 1, "crowdfunding": 0, "experiment": 1,
                                   "learnings": 1}
    # The solution moved back to idea still counts as having reached proposal.
    assert result.reached == {"challenge": 4, "idea": 5, "proposal": 4, "crowdfunding": 2, "experiment": 2,
                              "learnings": 1}
    assert [(c["from"], c["base"], c["moved"], c["percent"]) for c in result.conversion] == [
        ("challenge", 4, 3, 75.0), ("idea", 5, 4, 80.0), ("proposal", 4, 2, 50.0),
        ("crowdfunding", 2, 2, 100.0), ("experiment", 2, 1, 50.0)]
    # idea: 3, 4, 6 and 1 days (and the 2nd stay of the one moved back is still open); proposal: 3, 2, 1;
    # crowdfunding: 10, 10; experiment: 30; nobody left learnings.
    assert result.median_days == {"idea": 3.5, "proposal": 2.0, "crowdfunding": 10.0, "experiment": 30.0,
                                  "learnings": None}
    assert (result.money_pledged, result.pledges) == (37_000, 3)
    assert (result.hours_offered, result.hours_accepted) == (8, 5)
    areas = {row["key"]: row for row in result.areas}
    assert {k: (r["challenges"], r["solutions"], r["money"], r["pledges"], r["hours"]) for k, r in areas.items()} \
        == {"Mapo-gu": (2, 3, 37_000, 3, 0), "Jongno-gu": (2, 2, 0, 0, 8)}
    assert areas["Mapo-gu"]["experiment"] == 1 and areas["Jongno-gu"]["proposal"] == 1
    months = {row["key"]: (row["challenges"], row["solutions"], row["money"], row["hours"]) for row in result.months}
    assert months["2026-03"] == (2, 3, 0, 0) and months["2026-04"] == (2, 2, 37_000, 8)


def test_statistics_csv_shows_the_same_figures_in_a_few_queries(client, auth, app):
    auth.login(make_user(role="secretariat"))
    a_season_of_work()
    rows = _csv(client, "statistics")
    assert ["stage", "idea", "median_days", "3.5"] in rows
    assert ["stage", "proposal", "reached", "4"] in rows
    assert ["conversion", "idea->proposal", "percent", "80.0"] in rows
    assert ["total", "", "money_pledged", "37000"] in rows
    # The page, the signed-in member and the statistics: a handful of queries, none per item.
    assert queries_for(client, "/secretariat/stats", headers=EN) <= 12


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
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # spreadsheets then read the Korean as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


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
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 4 and rows[1][1] == "'" + INJECTION
    assert runner.invoke(args=["exports", "run", "nonsense", "--output", str(out)]).exit_code != 0


def test_statistics_per_district_count_each_item_once_where_its_challenge_is(app):
    """Per district: a challenge's solutions, pledges (authorized or collected only) and hours count in the
    challenge's district; merged duplicates are not counted; challenges without a district come last, unnamed."""
    start = datetime(2026, 5, 4, 9, 0)
    mapo = make_challenge(area="Mapo-gu", district_code="11440", created_at=start)
    jongno = make_challenge(area="Jongno-gu", district_code="11110", created_at=start)
    make_challenge(area="Jongno-gu", district_code="11110", merged_into_id=jongno.id, created_at=start)
    nowhere = make_challenge(area="Somewhere", district_code=None, created_at=start)
    funded = make_solution(mapo, stage=Stage.crowdfunding, created_at=start)
    make_solution(mapo, stage=Stage.idea, created_at=start)
    helped = make_solution(jongno, stage=Stage.proposal, created_at=start)
    make_solution(nowhere, stage=Stage.idea, created_at=start)
    for amount, status in ((12_000, "collected"), (8_000, "authorized"), (50_000, "refunded")):
        make_pledge(funded.campaign, amount=amount, status=status).created_at = start
    need = SkillNeed(solution_id=helped.id, skill="Design", hours=20)
    db.session.add(need)
    db.session.flush()
    db.session.add(SkillOffer(need_id=need.id, member_id=make_user().id, hours=6, created_at=start))
    db.session.commit()
    result = stats.compute(db.session)
    rows = [(r["key"], r["challenges"], r["solutions"], r["money"], r["pledges"], r["hours"], r["idea"],
             r["proposal"], r["crowdfunding"]) for r in result.districts]
    assert sorted(rows[:2]) == [("11110", 1, 1, 0, 0, 6, 0, 1, 0), ("11440", 1, 2, 20_000, 2, 0, 1, 0, 1)]
    assert rows[2] == ("", 1, 1, 0, 0, 0, 1, 0, 0)
    assert [r["name"] != "" for r in result.districts] == [True, True, False]
    assert result.months == [{**result.months[0], "key": "2026-05", "challenges": 3, "solutions": 4,
                               "money": 20_000, "pledges": 2, "hours": 6}]


def test_a_challenge_with_only_a_district_is_counted_under_none_given_in_words(client, auth, app):
    auth.login(make_user(role="secretariat"))
    challenge = make_challenge(area="")
    challenge.district_code = "11440"
    db.session.commit()
    html = client.get("/secretariat/stats", headers=EN).get_data(as_text=True)
    assert '<th scope="row">None given</th>' in html and '<th scope="row"></th>' not in html
    assert '<th scope="row">Mapo-gu</th>' in html


def test_the_money_charts_say_amounts_in_the_sites_currency(client, auth, app):
    auth.login(make_user(role="secretariat"))
    _items(3)
    html = client.get("/secretariat/stats", headers=EN).get_data(as_text=True)
    values = re.findall(r'class="bar-value">([^<]*)<', html)
    assert "₩10,000" in values and "10000" not in values  # a pledge of ₩10,000, said as an amount
