"""JSON lists carry summaries (issue 17 goal 3): a page of 20 challenges or solutions stays small however long
their texts are, and the full texts are in each item's detail."""

from __future__ import annotations

import json

from tests.builders import make_challenge, make_solution

LONG = "The bus stop on the main road has no roof, no bench and no light. " * 150  # 10,000 characters


def test_a_page_of_20_long_challenges_stays_small(client):
    for n in range(20):
        make_challenge(title=f"Long challenge {n}", problem=LONG[:10_000], affected=LONG[:10_000])
    page = client.get("/api/v1/challenges?per_page=20")
    body = page.get_json()
    assert page.status_code == 200 and len(body["items"]) == 20
    assert len(page.get_data()) < 20_000  # 20 full items would be over 400 KB
    item = body["items"][0]
    assert item["excerpt"].startswith("The bus stop on the main road has no roof") and item["excerpt"].endswith("…")
    assert len(item["excerpt"]) <= 200 and "problem" not in item and "affected" not in item
    assert all(len(json.dumps(i, ensure_ascii=False).encode()) < 1_000 for i in body["items"])
    detail = client.get(f"/api/v1/challenges/{item['id']}").get_json()
    assert detail["problem"].startswith("The bus stop")
    assert len(detail["problem"]) > 9_000 and len(detail["affected"]) > 9_000


def test_a_page_of_solutions_carries_summaries(client):
    challenge = make_challenge()
    for n in range(20):
        make_solution(challenge, stage="proposal", title=f"Long proposal {n}", description=LONG[:10_000],
                      experiment_plan=LONG[:10_000])
    page = client.get(f"/api/v1/challenges/{challenge.id}/solutions?per_page=20")
    items = page.get_json()["items"]
    assert len(items) == 20 and len(page.get_data()) < 30_000
    assert {"description", "experiment_plan", "budget_lines", "history"}.isdisjoint(items[0])
    assert items[0]["stage"] == "proposal" and items[0]["team"] and items[0]["summary"]
    detail = client.get(f"/api/v1/solutions/{items[0]['id']}").get_json()
    assert len(detail["description"]) > 9_000 and len(detail["experiment_plan"]) > 9_000


def test_a_short_text_is_its_own_excerpt(client):
    make_challenge(problem="No roof at the bus stop.")
    assert client.get("/api/v1/challenges").get_json()["items"][0]["excerpt"] == "No roof at the bus stop."
