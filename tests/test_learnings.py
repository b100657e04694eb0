"""The learnings library (SPEC §4): every solution that reached learnings, filterable, searchable, linked back."""

from socialchallenge.extensions import db
from socialchallenge.models import GoalAchievement, Stage
from tests.builders import make_challenge, make_solution
from tests.helpers import EN, queries_for


def test_library_lists_learnings_only_with_links_to_challenge_and_history(client):
    challenge = make_challenge(title="버스 정류장 그늘막")
    learned = make_solution(challenge, stage=Stage.learnings, title="그늘막 실험", lessons="아침마다 붐볐다")
    make_solution(challenge, stage=Stage.experiment, title="Still running")
    make_solution(make_challenge(hidden=True), stage=Stage.learnings, title="Hidden learning")
    html = client.get("/learnings", headers=EN).get_data(as_text=True)
    assert "그늘막 실험" in html and "Still running" not in html and "Hidden learning" not in html
    assert f"/challenges/{challenge.id}" in html
    assert f"/solutions/{learned.id}#history" in html


def test_library_search_and_filters(client):
    make_solution(stage=Stage.learnings, title="주차 공유 실험", goal_achievement=GoalAchievement.exceeded)
    make_solution(make_challenge(area="은평구", tags=["공원"], sdgs=[15]), stage=Stage.learnings,
                  title="Park bench pilot")
    db.session.commit()

    def shown(query):
        html = client.get(f"/learnings?{query}", headers=EN).get_data(as_text=True)
        return [t for t in ("주차 공유 실험", "Park bench pilot") if t in html]

    assert shown("q=주차") == ["주차 공유 실험"]
    assert shown("q=BENCH") == ["Park bench pilot"]
    assert shown("goal_achievement=exceeded") == ["주차 공유 실험"]
    assert shown("area=은평") == ["Park bench pilot"]
    assert shown("tag=공원") == ["Park bench pilot"]
    assert shown("sdg=15") == ["Park bench pilot"]
    assert shown("stage=idea") == ["주차 공유 실험", "Park bench pilot"]  # the library's stage is fixed


def test_bad_filter_values_are_ignored_not_errors(client):
    make_solution(stage=Stage.learnings, title="Any learning")
    response = client.get("/learnings?sdg=99&goal_achievement=maybe&sort=random&page=x", headers=EN)
    assert response.status_code == 200 and "Any learning" in response.get_data(as_text=True)


def _count_for(client, n):
    for i in range(n):
        make_solution(make_challenge(title=f"Challenge {i}"), stage=Stage.learnings, title=f"Learning {i}")
    return queries_for(client, "/learnings", headers=EN)


def test_library_query_count_is_constant(client):
    assert _count_for(client, 5) == _count_for(client, 45)
