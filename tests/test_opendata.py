"""Open-data CSV (SPEC §5): the right columns, no personal data, formula cells escaped, hidden items left out."""

import csv
import io

from socialchallenge.models import Stage
from socialchallenge.opendata.csvsafe import csv_lines, safe_cell
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS, fields_of
from tests.builders import make_challenge, make_solution, make_user

EN = {"Accept-Language": "en"}
ATTACK = "=cmd|' /C calc'!A0"


def read(client, name):
    response = client.get(f"/open-data/{name}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_formula_cells_are_escaped():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(start + "1+1") == "'" + start + "1+1"
    assert safe_cell(ATTACK) == "'" + ATTACK
    assert safe_cell("주차장") == "주차장" and safe_cell(None) == "" and safe_cell(-3) == -3


def test_csv_lines_stream_one_row_at_a_time():
    lines = csv_lines(["a"], iter([["x"], ["y"]]))
    assert next(lines) == "a\r\nx\r\n"
    assert next(lines) == "y\r\n"


def test_challenges_csv_has_the_stage_table_columns_and_no_personal_data(client):
    owner = make_user(name="Kim Secret", email="secret@example.org")
    make_challenge(owner=owner, title=ATTACK, tags=["교통", "mobility"], sdgs=[3, 11])
    make_challenge(title="Hidden challenge", hidden=True)
    rows = read(client, "challenges")
    assert len(rows) == 1
    assert set(CHALLENGE_FIELDS) <= set(rows[0])
    assert rows[0]["title"] == "'" + ATTACK
    assert rows[0]["tags"] == "mobility; 교통" and rows[0]["sdgs"] == "3; 11"
    body = client.get("/open-data/challenges.csv").get_data(as_text=True)
    assert "secret@example.org" not in body and "Kim Secret" not in body


def test_solutions_and_learnings_csv(client):
    member = make_user(name="Private Person")
    make_solution(stage=Stage.learnings, title="Learned a lot", lessons="+SUM(A1)", team=[member])
    make_solution(stage=Stage.idea, title="Just an idea")
    make_solution(make_challenge(hidden=True), title="Hidden idea")
    solutions = read(client, "solutions")
    assert sorted(r["title"] for r in solutions) == ["Just an idea", "Learned a lot"]
    learnings = read(client, "learnings")
    assert [r["title"] for r in learnings] == ["Learned a lot"]
    assert {f.name for f in fields_of("learnings")} <= set(learnings[0])
    assert learnings[0]["lessons"] == "'+SUM(A1)"
    assert learnings[0]["history_url"].endswith("#history")
    assert "Private Person" not in client.get("/open-data/learnings.csv").get_data(as_text=True)


def test_open_data_page_lists_the_downloads(client):
    html = client.get("/open-data", headers=EN).get_data(as_text=True)
    for name in ("challenges", "solutions", "learnings"):
        assert f"/open-data/{name}.csv" in html
    assert client.get("/open-data/users.csv").status_code == 404
