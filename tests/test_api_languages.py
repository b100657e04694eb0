"""Every API error message is in the reader's language: Accept-Language, else the token's member's language
(issue 14 item 9). Korean is the default; English when asked for."""

from __future__ import annotations

import pytest

from socialchallenge.extensions import db
from tests.builders import make_challenge, make_user

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


def error(response) -> dict:
    """The error object of an API answer."""
    return response.get_json()["error"]


@pytest.mark.parametrize(("headers", "message", "field"), [
    (KO, "알 수 없는 항목입니다.", "알 수 없는 항목입니다."),
    (EN, "Unknown fields.", "Unknown field."),
])
def test_unknown_fields_are_refused_in_the_readers_language(client, headers, message, field):
    response = client.post("/api/v1/users", json={"email": "a@example.com", "colour": "red"}, headers=headers)
    assert response.status_code == 422
    assert error(response)["fields"] == {"colour": field}
    assert error(response)["message"] == (message if headers is EN else "알 수 없는 항목이 있습니다.")


@pytest.mark.parametrize(("headers", "expected"), [
    (KO, ("잘못된 페이지 값입니다.", "정수여야 합니다.", "이 주소에는 아무것도 없습니다.",
          "유효한 Bearer 토큰이 필요합니다.", "이 주소에서는 이 방법(메서드)을 쓸 수 없습니다.")),
    (EN, ("Invalid paging parameters.", "Must be a whole number.", "There is nothing at this address.",
          "A valid bearer token is required.", "This method is not allowed here.")),
])
def test_paging_missing_pages_tokens_and_methods_answer_in_the_readers_language(client, headers, expected):
    paging, whole, missing, token, method = expected
    bad = client.get("/api/v1/challenges?page=two", headers=headers)
    assert bad.status_code == 400 and error(bad)["message"] == paging and error(bad)["fields"]["page"] == whole
    gone = client.get("/api/v1/no-such-thing", headers=headers)
    assert gone.status_code == 404 and error(gone)["message"] == missing
    anonymous = client.get("/api/v1/me", headers=headers)
    assert anonymous.status_code == 401 and error(anonymous)["message"] == token
    wrong = client.delete("/api/v1/challenges", headers=headers)
    assert wrong.status_code == 405 and error(wrong)["message"] == method


def test_without_accept_language_the_tokens_member_language_is_used(client, api):
    member = make_user()
    member.locale = "en"
    db.session.commit()
    token = api.token_for(member)
    response = client.get("/api/v1/challenges?per_page=500", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and error(response)["fields"]["per_page"] == "Must be between 1 and 100."
    member.locale = "ko"
    db.session.commit()
    response = client.get("/api/v1/challenges?per_page=500", headers={"Authorization": f"Bearer {token}"})
    assert error(response)["fields"]["per_page"] == "1에서 100 사이여야 합니다."


def test_only_the_secretariat_and_bad_credentials_are_said_in_korean(client, api):
    member = make_user()
    token = api.token_for(member)
    challenge = make_challenge()
    staff_only = client.post(f"/api/v1/secretariat/challenges/{challenge.id}/curated",
                             headers={"Authorization": f"Bearer {token}", **KO})
    assert staff_only.status_code == 403 and error(staff_only)["message"] == "사무국만 할 수 있습니다."
    wrong = client.post("/api/v1/tokens", json={"email": member.email, "password": "not it"}, headers=KO)
    assert wrong.status_code == 401 and error(wrong)["message"] == "이메일 또는 비밀번호가 맞지 않습니다."
    malformed = client.post("/api/v1/tokens", data="nope", content_type="application/json", headers=KO)
    assert malformed.status_code == 400 and error(malformed)["message"].startswith("요청 본문은 JSON 객체여야 합니다")


@pytest.mark.parametrize(("path", "field", "ko", "en"), [
    ("/api/v1/events?when=soon", "when", "upcoming 또는 past를 쓰세요.", "Use upcoming or past."),
    ("/api/v1/events?challenge_id=x", "challenge_id", "정수여야 합니다.", "Must be a whole number."),
    ("/api/v1/events?call_id=x", "call_id", "정수여야 합니다.", "Must be a whole number."),
    ("/api/v1/events?district=nowhere", "district", None, None),
    ("/api/v1/impact?sdg=99", "sdg", None, None),
    ("/api/v1/challenges.geojson?status=maybe", "status", None, None),
    ("/api/v1/resources.geojson?district=nowhere", "district", None, None),
    ("/api/v1/resources?district=nowhere", "district", None, None),
])
def test_bad_filters_of_the_place_event_and_impact_lists_answer_in_the_readers_language(client, path, field, ko, en):
    korean = client.get(path, headers=KO)
    assert korean.status_code == 400 and error(korean)["message"] == "잘못된 검색 조건입니다."
    assert field in error(korean)["fields"] and (ko is None or error(korean)["fields"][field] == ko)
    english = client.get(path, headers=EN)
    assert error(english)["message"] == "Invalid query parameters."
    assert en is None or error(english)["fields"][field] == en


def test_a_bad_challenge_id_for_a_call_answers_in_the_readers_language(client, api):
    from tests.builders import make_call, make_token

    owner = make_user()
    call, token = make_call(), make_token(owner)
    korean = api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": "abc"}, token=token, headers=KO)
    assert korean.status_code == 422
    assert error(korean)["message"] == "올바르지 않은 항목이 있습니다."
    assert error(korean)["fields"] == {"challenge_id": "과제 번호여야 합니다."}
    english = api.post(f"/api/v1/calls/{call.id}/challenges", {"challenge_id": "abc"}, token=token, headers=EN)
    assert error(english)["fields"] == {"challenge_id": "Must be a challenge id."}
