"""Search (SPEC §5): Korean and English substring matching, filters, sorts, hidden items; the same on both DBs."""

from datetime import timedelta

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import ChallengeStatus, GoalAchievement, Stage
from socialchallenge.search import Filters, search
from socialchallenge.timeutil import utcnow
from tests.builders import make_challenge, make_solution, make_support
from tests.helpers import EN, queries_for


def titles(result):
    return [hit.item.title for hit in result.items]


@pytest.fixture
def corpus(app):
    """A few challenges and solutions in Korean and English (the same data on either database)."""
    parking = make_challenge(title="아파트 주차장이 부족해요", problem="밤마다 주차할 곳이 없습니다.", area="마포구",
                             tags=["교통"], sdgs=[11])
    bus = make_challenge(title="Bus Stop without shelter", problem="Passengers SHIVER in winter.",
                         area="Mapo-gu", tags=["mobility"], sdgs=[3, 11])
    park = make_challenge(title="공원 벤치 설치", problem="쉴 곳이 필요합니다.", area="은평구", tags=["공원"],
                          sdgs=[15])
    hidden = make_challenge(title="숨겨진 주차 문제", problem="주차장 광고", hidden=True)
    idea = make_solution(parking, title="공유 주차 앱", summary="빈 주차면을 이웃과 나눕니다.")
    learned = make_solution(bus, stage=Stage.learnings, title="Pop-up shelter pilot",
                            lessons="People used the shelter every morning.")
    make_solution(hidden, title="숨은 주차 아이디어", summary="보이면 안 됩니다.")
    return {"parking": parking, "bus": bus, "park": park, "hidden": hidden, "idea": idea, "learned": learned}


def test_two_syllable_korean_finds_longer_words(corpus):
    result = search(db.session, "주차")
    assert sorted(titles(result)) == sorted(["아파트 주차장이 부족해요", "공유 주차 앱"])
    assert result.total == 2


def test_korean_trigram_length_term(corpus):
    assert titles(search(db.session, "주차장")) == ["아파트 주차장이 부족해요"]
    assert titles(search(db.session, "주차면을")) == ["공유 주차 앱"]


def test_english_is_case_insensitive_substring(corpus):
    assert titles(search(db.session, "bus stop")) == ["Bus Stop without shelter"]
    assert titles(search(db.session, "shiver")) == ["Bus Stop without shelter"]
    assert sorted(titles(search(db.session, "SHELTER"))) == ["Bus Stop without shelter", "Pop-up shelter pilot"]
    assert titles(search(db.session, "Bu")) == ["Bus Stop without shelter"]


def test_learnings_text_is_searched(corpus):
    assert titles(search(db.session, "every morning")) == ["Pop-up shelter pilot"]


def test_like_wildcards_are_plain_characters(corpus):
    assert search(db.session, "%").total == 0
    assert search(db.session, "_").total == 0
    assert search(db.session, '"').total == 0


def test_topics_are_searched(corpus):
    assert titles(search(db.session, "mobility")) == ["Bus Stop without shelter"]


def test_hidden_challenges_and_their_solutions_never_show(corpus):
    for q in ("숨", "숨겨진", "숨은 주차", "광고", ""):
        shown = titles(search(db.session, q, per_page=100))
        assert "숨겨진 주차 문제" not in shown and "숨은 주차 아이디어" not in shown


def test_empty_query_lists_everything_visible(corpus):
    assert search(db.session, "").total == 5


def test_filters(corpus):
    assert titles(search(db.session, "", Filters(stage="challenge"), per_page=50)) == [
        "공원 벤치 설치", "Bus Stop without shelter", "아파트 주차장이 부족해요"]
    assert titles(search(db.session, "", Filters(stage="learnings"))) == ["Pop-up shelter pilot"]
    assert titles(search(db.session, "", Filters(stage="idea"))) == ["공유 주차 앱"]
    assert sorted(titles(search(db.session, "", Filters(tag=" Mobility ")))) == [
        "Bus Stop without shelter", "Pop-up shelter pilot"]
    assert sorted(titles(search(db.session, "", Filters(sdg=3)))) == ["Bus Stop without shelter",
                                                                      "Pop-up shelter pilot"]
    assert titles(search(db.session, "", Filters(area="은평"))) == ["공원 벤치 설치"]
    assert titles(search(db.session, "", Filters(goal_achievement=GoalAchievement.not_met))) == [
        "Pop-up shelter pilot"]
    assert search(db.session, "", Filters(goal_achievement=GoalAchievement.exceeded)).total == 0


def test_status_filter_applies_to_solutions_through_their_challenge(corpus):
    corpus["parking"].status = ChallengeStatus.closed
    db.session.commit()
    assert sorted(titles(search(db.session, "", Filters(status=ChallengeStatus.closed)))) == [
        "공유 주차 앱", "아파트 주차장이 부족해요"]


def test_sort_newest_most_supported_closing_soon(app):
    now = utcnow()
    old = make_challenge(title="Old open challenge", created_at=now - timedelta(days=3),
                         solution_deadline=now + timedelta(days=20))
    new = make_challenge(title="New popular challenge", created_at=now - timedelta(days=1))
    soon = make_challenge(title="Closing tomorrow", created_at=now - timedelta(days=2),
                          solution_deadline=now + timedelta(days=1))
    make_support(new)
    make_support(new)
    make_support(soon)
    f = Filters(stage="challenge")
    assert titles(search(db.session, "", f, "newest")) == [new.title, soon.title, old.title]
    assert titles(search(db.session, "", f, "most_supported")) == [new.title, soon.title, old.title]
    assert titles(search(db.session, "", f, "closing_soon")) == [soon.title, old.title, new.title]


def test_closing_soon_puts_live_campaigns_with_challenge_deadlines(app):
    now = utcnow()
    challenge = make_challenge(title="Challenge far off", solution_deadline=now + timedelta(days=40))
    funded = make_solution(challenge, stage=Stage.crowdfunding, title="Campaign ending soon")
    funded.campaign.deadline = now + timedelta(days=2)
    db.session.commit()
    assert titles(search(db.session, "", sort="closing_soon")) == ["Campaign ending soon", "Challenge far off"]


def test_paging_and_total(app):
    for n in range(7):
        make_challenge(title=f"주차 문제 {n}")
    first = search(db.session, "주차", page=1, per_page=3)
    third = search(db.session, "주차", page=3, per_page=3)
    assert first.total == third.total == 7
    assert len(first.items) == 3 and len(third.items) == 1
    beyond = search(db.session, "주차", page=9, per_page=3)
    assert (beyond.items, beyond.total) == ([], 7)  # past the last page the total is still told
    assert search(db.session, "없는 말", page=1).total == 0


def test_text_edits_are_searchable_at_once(corpus):
    corpus["park"].title = "공원 그네 설치"
    db.session.commit()
    assert titles(search(db.session, "그네 설")) == ["공원 그네 설치"]
    assert search(db.session, "벤치 설").total == 0



def _query_count_for(client, n: int, path: str) -> int:
    for i in range(n):
        c = make_challenge(title=f"주차 과제 {i}")
        make_solution(c, stage=Stage.learnings if i % 2 else Stage.idea, title=f"주차 해법 {i}")
    return queries_for(client, path, headers=EN)


@pytest.mark.parametrize("path", ["/search?q=주차", "/search?q=주차&sort=closing_soon", "/api/v1/search?q=주차"])
def test_search_page_query_count_is_constant(client, path):
    few = _query_count_for(client, 5, path)
    many = _query_count_for(client, 45, path)
    assert few == many
