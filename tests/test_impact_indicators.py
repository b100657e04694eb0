"""Impact indicators (issue 16 item 4): 1 to 5 declared at proposal through the stage table, measured values during
the experiment with evidence, target against actual at learnings, the public impact page, its API and open data,
and the rubric's interconnectedness."""

import csv
import html
import io
import re
from datetime import date, datetime, timedelta

from socialchallenge.extensions import db
from socialchallenge.models import IndicatorKind, Role, Stage
from tests.builders import (
    make_attachment,
    make_challenge,
    make_rubric_score,
    make_solution,
    make_token,
    make_user,
    make_value,
    sample_image,
)
from tests.helpers import submit, text

EN = {"Accept-Language": "en"}
MAPO, JONGNO = "11440", "11110"  # two of Seoul's districts, seeded by the migrations


def visible(response) -> str:
    """The words a reader sees: tags dropped, entities decoded, spaces folded."""
    words = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", response.get_data(as_text=True), flags=re.S)
    return " ".join(html.unescape(words).split())


def row(name="Neighbours taking part", unit="people", kind="participants", baseline=0, target=40, **extra):
    return {"name": name, "unit": unit, "kind": kind, "baseline": baseline, "target": target, **extra}


def indicator(solution, kind=IndicatorKind.participants, target=40, name=None):
    """Add one more indicator to a built solution."""
    from socialchallenge.models import Indicator

    made = Indicator(solution_id=solution.id, position=len(solution.indicators), name=name or f"{kind.value} count",
                     unit="items", kind=kind, baseline=0, target=target)
    db.session.add(made)
    db.session.commit()
    return made


# --- Declared at proposal, through the stage table ---

def test_a_proposal_needs_one_to_five_indicators(api):
    lead = make_user()
    solution = make_solution(stage=Stage.idea, team=[lead], filled=Stage.proposal, indicators=[])
    token = make_token(lead)
    refused = api.post(f"/api/v1/solutions/{solution.id}/advance", token=token, headers=EN)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {"indicators": "Declare 1 to 5 impact indicators."}
    six = api.put(f"/api/v1/solutions/{solution.id}/indicators", {"indicators": [row(f"Count {i}") for i in range(6)]},
                  token=token, headers=EN)
    assert six.status_code == 422
    assert six.get_json()["error"]["fields"]["indicators"] == "Declare at most 5 impact indicators."
    five = api.put(f"/api/v1/solutions/{solution.id}/indicators", {"indicators": [row(f"Count {i}") for i in range(5)]},
                   token=token)
    assert five.status_code == 200 and len(five.get_json()["items"]) == 5
    assert api.post(f"/api/v1/solutions/{solution.id}/advance", token=token).get_json()["stage"] == "proposal"


def test_bad_indicator_rows_say_which_row_and_what(api):
    lead = make_user()
    solution = make_solution(stage=Stage.idea, team=[lead])
    token = make_token(lead)
    for bad, message in (
        (row(name=""), "Indicator 1: give the name in 1 to 120 characters."),
        (row(kind="happiness"), "Indicator 1: choose its kind"),
        (row(target=-3), "Indicator 1: the target must be a whole number from 0 to 1,000,000,000."),
        (row(colour="red"), "Indicator 1: only id, name, unit, kind, baseline and target are allowed."),
    ):
        response = api.put(f"/api/v1/solutions/{solution.id}/indicators", {"indicators": [bad]}, token=token,
                           headers=EN)
        assert response.status_code == 422
        assert response.get_json()["error"]["fields"]["indicators"].startswith(message)


def test_only_the_team_declares_indicators(api):
    solution = make_solution(stage=Stage.idea)
    response = api.put(f"/api/v1/solutions/{solution.id}/indicators", {"indicators": [row()]},
                       token=make_token(make_user()))
    assert response.status_code == 403


def test_redeclaring_keeps_measured_values_and_refuses_to_drop_a_measured_indicator(api):
    lead = make_user()
    solution = make_solution(stage=Stage.experiment, team=[lead])
    kept = solution.indicators[0]
    make_value(kept, 12)
    token = make_token(lead)
    renamed = api.put(f"/api/v1/solutions/{solution.id}/indicators",
                      {"indicators": [row("Neighbours at the table", id=kept.id), row("Meals", "meals", "other")]},
                      token=token)
    assert renamed.status_code == 200
    items = renamed.get_json()["items"]
    assert items[0]["id"] == kept.id and items[0]["name"] == "Neighbours at the table" and items[0]["actual"] == 12
    dropped = api.put(f"/api/v1/solutions/{solution.id}/indicators", {"indicators": [row("Meals", "meals", "other")]},
                      token=token, headers=EN)
    assert dropped.status_code == 422
    assert "has measured values and cannot be removed" in dropped.get_json()["error"]["fields"]["indicators"]


def test_the_proposal_form_declares_indicators_from_the_table(client, auth):
    lead = make_user()
    solution = make_solution(stage=Stage.idea, team=[lead], filled=Stage.proposal, indicators=[])
    auth.login(lead)
    page = client.get(f"/solutions/{solution.id}/edit/proposal", headers=EN)
    assert "Impact indicators" in text(page) and "Indicator 5: name" in text(page)
    response = submit(client, f"/solutions/{solution.id}/edit/proposal", {
        "indicators-0-indicator_name": "Chairs lent", "indicators-0-unit": "chairs",
        "indicators-0-kind": "resources_shared", "indicators-0-baseline": "0", "indicators-0-target": "1,200",
        "action": "save"}, headers=EN)
    assert response.status_code == 302
    db.session.refresh(solution)
    assert [(i.name, i.unit, i.kind, i.target) for i in solution.indicators] == [
        ("Chairs lent", "chairs", IndicatorKind.resources_shared, 1200)]


PROPOSAL_FORM = {  # every proposal field but the indicators
    "experiment_plan": "Put up a pop-up shelter for a month.", "experiment_goal": "Fewer people wait in the rain.",
    "already_tested": "Umbrellas at the stop.", "team_description": "Two neighbours and a carpenter.",
    "resources": "A workshop and tools.", "schedule_start": "2030-03-01", "schedule_end": "2030-06-30",
    "learning_goals": "Whether people use the shelter.",
}


# --- Measured during the experiment ---

def test_the_team_records_values_during_the_experiment_with_evidence(api):
    lead = make_user()
    solution = make_solution(stage=Stage.experiment, team=[lead])
    counted = solution.indicators[0]
    evidence = make_attachment(solution)
    token = make_token(lead)
    path = f"/api/v1/solutions/{solution.id}/indicators/{counted.id}/values"
    first = api.post(path, {"date": (date.today() - timedelta(days=7)).isoformat(), "value": 15,
                            "note": "First Saturday", "evidence_id": evidence.id}, token=token)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["evidence_url"].endswith(evidence.key)
    second = api.post(path, {"date": date.today().isoformat(), "value": 22, "link": "https://example.org/sheet"},
                      token=token)
    assert second.status_code == 201
    listed = api.get(f"/api/v1/solutions/{solution.id}/indicators").get_json()["items"][0]
    assert listed["actual"] == 37 and listed["percent"] == round(100 * 37 / 40)
    assert [v["value"] for v in listed["values"]] == [15, 22]


def test_bad_values_are_refused_with_their_reasons(api):
    lead = make_user()
    solution = make_solution(stage=Stage.experiment, team=[lead])
    other = make_solution(stage=Stage.experiment)
    elsewhere = make_attachment(other)
    path = f"/api/v1/solutions/{solution.id}/indicators/{solution.indicators[0].id}/values"
    response = api.post(path, {"date": (date.today() + timedelta(days=2)).isoformat(), "value": -1,
                               "link": "javascript:alert(1)", "evidence_id": elsewhere.id},
                        token=make_token(lead), headers=EN)
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"date", "value", "link", "evidence_id"}
    assert "to today" in fields["date"] and "https://" in fields["link"]


def test_a_value_measured_this_morning_in_seoul_is_not_in_the_future(api, monkeypatch):
    from socialchallenge import timeutil

    # 01:00 on 5 December in Seoul: the UTC date is still 4 December.
    monkeypatch.setattr(timeutil, "utcnow", lambda: datetime(2026, 12, 4, 16, 0))
    lead = make_user()
    solution = make_solution(stage=Stage.experiment, team=[lead])
    path = f"/api/v1/solutions/{solution.id}/indicators/{solution.indicators[0].id}/values"
    token = make_token(lead)
    measured = api.post(path, {"date": "2026-12-05", "value": 12}, token=token, headers=EN)
    assert measured.status_code == 201, measured.get_json()
    tomorrow = api.post(path, {"date": "2026-12-06", "value": 12}, token=token, headers=EN)
    assert tomorrow.status_code == 422 and "to today" in tomorrow.get_json()["error"]["fields"]["date"]


def test_values_wait_for_the_experiment(api):
    lead = make_user()
    solution = make_solution(stage=Stage.proposal, team=[lead])
    response = api.post(f"/api/v1/solutions/{solution.id}/indicators/{solution.indicators[0].id}/values",
                        {"date": date.today().isoformat(), "value": 3}, token=make_token(lead))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_in_experiment"


def test_the_web_form_records_a_value_with_a_photo(client, auth):
    lead = make_user()
    solution = make_solution(stage=Stage.experiment, team=[lead])
    auth.login(lead)
    page = client.get(f"/solutions/{solution.id}", headers=EN)
    assert "Record a measured value" in text(page)
    data = {"indicator": str(solution.indicators[0].id), "date": date.today().isoformat(), "value": "9",
            "evidence": (io.BytesIO(sample_image()), "saturday.jpg"), "evidence_alt": "Neighbours at the table"}
    response = submit(client, f"/solutions/{solution.id}/indicators/values", data, page=f"/solutions/{solution.id}",
                      content_type="multipart/form-data")
    assert response.status_code == 302
    page = visible(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "Evidence: saturday.jpg" in page and "Neighbours taking part : 9 people" in page
    refused = submit(client, f"/solutions/{solution.id}/indicators/values",
                     {"indicator": str(solution.indicators[0].id), "date": "yesterday", "value": "many"},
                     page=f"/solutions/{solution.id}", headers=EN)
    assert refused.status_code == 422
    assert "Give the date it was measured (YYYY-MM-DD)." in text(refused)
    assert "The value must be a whole number" in text(refused)
    for chosen in ("", "999999", "x"):  # no indicator chosen, or not one of this solution's: a form error, not 404
        unchosen = submit(client, f"/solutions/{solution.id}/indicators/values",
                          {"indicator": chosen, "date": date.today().isoformat(), "value": "3"},
                          page=f"/solutions/{solution.id}", headers=EN)
        assert unchosen.status_code == 422 and 'id="indicator-error"' in text(unchosen), chosen
        assert "Choose one of the indicators." in text(unchosen)


def test_the_learnings_show_target_against_actual(client):
    solution = make_solution(stage=Stage.learnings)
    make_value(solution.indicators[0], 30)
    make_value(solution.indicators[0], 16)
    page = visible(client.get(f"/solutions/{solution.id}", headers=EN))
    assert "Impact: target against actual" in page
    assert "Neighbours taking part (people) Participants 0 40 46" in page
    assert "115% of the target" in page


# --- The public impact page, its API and the open data ---

def _measured_world():
    """Experiments in two districts with known values; what must not count is there too."""
    mangwon = make_challenge(area="망원동", district_code=MAPO, sdgs=[11, 13])
    jongno = make_challenge(area="Hyehwa-dong", district_code=JONGNO, sdgs=[3])
    hidden = make_challenge(area="망원동", district_code=MAPO, sdgs=[11], hidden=True)
    a = make_solution(mangwon, Stage.experiment)
    b = make_solution(jongno, Stage.learnings)
    res = indicator(b, IndicatorKind.resources_shared, target=10)
    make_value(a.indicators[0], 12, date(2026, 2, 3))
    make_value(a.indicators[0], 8, date(2026, 4, 9))
    make_value(b.indicators[0], 30, date(2026, 5, 1))
    make_value(res, 4, date(2026, 5, 2))
    make_value(make_solution(hidden, Stage.experiment).indicators[0], 1000, date(2026, 5, 1))
    proposal = make_solution(mangwon, Stage.proposal)  # declared, never measured: not an experiment yet
    return a, b, proposal


def test_indicator_values_are_summed_correctly_on_the_impact_page(client):
    _measured_world()
    page = visible(client.get("/impact", headers=EN))
    assert "2 experiments measuring" in page and "3 indicators" in page and "4 measured values" in page
    # By kind: participants 12 + 8 + 30 = 50 of targets 40 + 40; resources shared 4 of 10.
    assert "Participants 2 50 80" in page and "Resources shared 1 4 10" in page
    # By district, SDG (a value counts for each SDG of its challenge) and quarter: with two kinds shown, each kind in
    # its own column (resources shared, then participants), never added together (4 chairs + 30 people is not 34).
    assert "Jongno-gu 1 4 30" in page and "Mapo-gu 1 0 20" in page and " 34" not in page
    assert "3. Good health and well-being 1 4 30" in page and "11. Sustainable cities and communities 1 0 20" in page
    assert "13. Climate action 1 0 20" in page
    assert "2026-Q1 0 12" in page and "2026-Q2 4 38" in page and " 42" not in page
    assert "1,000" not in page and "1000" not in page  # the hidden challenge's experiment is not counted
    # One kind chosen: its sums, charted.
    one_kind = client.get("/impact?kind=participants", headers=EN)
    assert "Jongno-gu 1 30" in visible(one_kind) and "2026-Q2 38" in visible(one_kind)
    charts = one_kind.get_data(as_text=True).count('class="bar-list"')
    assert charts == 4 and client.get("/impact", headers=EN).get_data(as_text=True).count('class="bar-list"') == 1


def test_the_impact_api_and_filters_agree_with_the_page(api):
    _measured_world()
    body = api.get("/api/v1/impact").get_json()
    assert body["total_value"] == 54 and body["experiments"] == 2 and body["values"] == 4
    assert {r["kind"]: (r["value"], r["target"]) for r in body["by_kind"]} == {
        "participants": (50, 80), "resources_shared": (4, 10)}
    assert body["by_period"] == [{"period": "2026-Q1", "value": 12, "kinds": {"participants": 12}},
                                 {"period": "2026-Q2", "value": 42,
                                  "kinds": {"participants": 38, "resources_shared": 4}}]
    filtered = api.get("/api/v1/impact?kind=participants&sdg=11&from=2026-04-01&period=month").get_json()
    assert filtered["total_value"] == 8
    assert filtered["by_period"] == [{"period": "2026-04", "value": 8, "kinds": {"participants": 8}}]
    assert api.get(f"/api/v1/impact?district={MAPO}").get_json()["total_value"] == 20
    assert body["by_district"][0] == {"district": {"code": JONGNO, "name": "종로구"}, "value": 34, "experiments": 1,
                                      "kinds": {"participants": 30, "resources_shared": 4}}
    bad = api.get("/api/v1/impact?kind=joy&from=soon")
    assert bad.status_code == 400 and set(bad.get_json()["error"]["fields"]) == {"kind", "from"}


def test_the_figures_are_in_the_open_data(client):
    a, b, _proposal = _measured_world()
    response = client.get("/open-data/impact.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True)[1:])))
    assert sum(int(r["value"]) for r in rows) == 54 and len(rows) == 4
    assert {r["district"] for r in rows} == {MAPO, JONGNO}
    assert rows[0]["sdgs"] == "11,13" and rows[0]["measured_on"] == "2026-02-03"
    declared = list(csv.DictReader(io.StringIO(client.get("/open-data/indicators.csv").get_data(as_text=True)[1:])))
    assert {(int(r["solution_id"]), int(r["actual"])) for r in declared} >= {(a.id, 20), (b.id, 30)}
    assert "impact.csv" in text(client.get("/open-data", headers=EN))


def test_the_impact_page_is_empty_but_friendly_without_experiments(client):
    page = text(client.get("/impact", headers=EN))
    assert "No experiment has declared indicators yet." in page


# --- The rubric's fifth value ---

def test_the_rubric_scores_interconnectedness(api, client, auth):
    staff = make_user(role=Role.secretariat)
    solution = make_solution(stage=Stage.proposal)
    scores = {name: 4 for name in ("sdg_fit", "inclusion", "openness", "vulnerable_priority", "collaboration",
                                   "feasibility")}
    missing = api.post(f"/api/v1/secretariat/solutions/{solution.id}/rubric", {**scores, "notes": ""},
                       token=make_token(staff), headers=EN)
    assert missing.status_code == 422
    assert missing.get_json()["error"]["fields"] == {"interconnectedness": "Choose a score from 1 to 5."}
    saved = api.post(f"/api/v1/secretariat/solutions/{solution.id}/rubric", {**scores, "interconnectedness": 5},
                     token=make_token(staff))
    assert saved.status_code == 201
    earlier = make_user(role=Role.secretariat, name="Early Scorer")
    make_rubric_score(solution, earlier, value=3, interconnectedness=None)  # scored before the criterion existed
    auth.login(staff)
    page = visible(client.get(f"/secretariat/rubric/{solution.id}", headers=EN))
    assert "Interconnectedness" in page
    assert "Early Scorer 3 3 3 3 3 3 – 18" in page and "4 4 4 4 4 4 5 29" in page


def test_the_proposal_form_refuses_to_move_on_without_indicators(client, auth):
    lead = make_user()
    solution = make_solution(stage=Stage.idea, team=[lead])
    auth.login(lead)
    response = submit(client, f"/solutions/{solution.id}/edit/proposal", {**PROPOSAL_FORM, "action": "advance"},
                      headers=EN)
    assert response.status_code == 422
    page = text(response)
    assert 'href="#indicators"' in page and "Declare 1 to 5 impact indicators." in page
    db.session.refresh(solution)
    assert solution.stage == Stage.idea and solution.experiment_plan == PROPOSAL_FORM["experiment_plan"]
