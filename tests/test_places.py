"""Districts (issue 16 item 1): Seoul's 25 autonomous districts are seeded, named in both languages, looked up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from socialchallenge import places
from socialchallenge.errors import NotFound
from socialchallenge.extensions import db
from socialchallenge.models.secretariat import AuditEntry
from socialchallenge.places.matching import Matcher
from tests.builders import make_challenge, make_resource, make_user
from tests.helpers import EN, submit, text


def test_seoul_has_25_districts_in_administrative_order(app):
    districts = places.list_districts(db.session)
    assert len(districts) == 25
    assert [d.name_ko for d in districts[:3]] == ["종로구", "중구", "용산구"]
    assert districts[-1].name_en == "Gangdong-gu"
    assert len({d.code for d in districts}) == 25
    # Every centre lies inside Seoul's bounding box.
    assert all(37.42 < d.lat < 37.70 and 126.76 < d.lon < 127.19 for d in districts)


def test_a_district_is_named_in_the_readers_language(app):
    mapo = places.get_district(db.session, "11440")
    assert places.district_name(mapo, "ko") == "마포구"
    assert places.district_name(mapo, "en") == "Mapo-gu"
    assert places.district_json(mapo, "en") == {"code": "11440", "name": "Mapo-gu"}
    assert places.district_json(None) is None
    assert places.get_district(db.session, "nowhere") is None
    assert places.get_district(db.session, "x" * 500) is None
    with pytest.raises(NotFound):
        places.require_district(db.session, "99999")


def test_challenges_and_resources_carry_a_district_and_a_point(app):
    challenge = make_challenge(area="망원동")
    challenge.district_code, challenge.lat, challenge.lon = "11440", 37.556, 126.905
    resource = make_resource(area="Mapo")
    resource.district_code = "11440"
    db.session.flush()
    db.session.expire_all()
    assert challenge.district.name_en == "Mapo-gu" and resource.district.name_ko == "마포구"
    assert places.point_json(challenge) == {"lat": 37.556, "lon": 126.905}
    assert places.point_json(resource) is None


@pytest.mark.parametrize(("area", "code"), [
    ("마포구 망원동", "11440"), ("Mapo-gu, Yeonnam-dong", "11440"), ("mapo gu", "11440"), ("마포구청 앞", "11440"),
    ("서울특별시 중구 명동", "11140"), ("Jung-gu", "11140"), ("강서구 화곡동", "11500"), ("동대문", "11230"),
    ("마포구와 서대문구", None), ("강남역", None), ("중앙동", None), ("Seongsu-dong", None), ("", None),
])
def test_a_free_text_area_matches_the_one_district_it_names(app, area, code):
    assert Matcher(places.list_districts(db.session)).match(area) == code


def test_the_secretariat_assigns_a_district_to_what_matched_none(client, auth):
    waiting = make_challenge(title="Dark alley between two districts", area="마포구와 서대문구 경계")
    placed = make_challenge(title="Placed already", area="Mapo-gu", district_code="11440")
    room = make_resource(title="Hall by the river", area="Riverside")
    auth.login(make_user(role="secretariat"))
    page = text(client.get("/secretariat/districts/", headers=EN))
    assert "Dark alley between two districts" in page and "Placed already" not in page
    assert "Names: Seodaemun-gu, Mapo-gu" in page or "Names: Mapo-gu, Seodaemun-gu" in page
    assert "Hall by the river" in page
    response = submit(client, f"/secretariat/districts/challenge/{waiting.id}", {"district": "11410"},
                      page="/secretariat/districts/", headers=EN, follow_redirects=True)
    assert "“Dark alley between two districts” is now in Seodaemun-gu." in text(response)
    assert "Dark alley between two districts</a>" not in text(response)
    db.session.expire_all()
    assert waiting.district_code == "11410" and placed.district_code == "11440"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "district.assign")).one()
    assert entry.before == {"district_code": None, "area": "마포구와 서대문구 경계"}
    # No district chosen: a message, nothing saved.
    response = submit(client, f"/secretariat/districts/resource/{room.id}", {"district": ""},
                      page="/secretariat/districts/", headers=EN, follow_redirects=True)
    assert "Please choose a district." in text(response)
    db.session.expire_all()
    assert room.district_code is None


def test_only_the_secretariat_sees_the_district_queue(client, auth):
    assert client.get("/secretariat/districts/").status_code == 302
    auth.login(make_user())
    assert client.get("/secretariat/districts/").status_code == 403
