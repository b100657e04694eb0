"""Districts (issue 16 item 1): Seoul's 25 autonomous districts are seeded, named in both languages, looked up."""

from __future__ import annotations

import pytest

from socialchallenge import places
from socialchallenge.errors import NotFound
from socialchallenge.extensions import db
from tests.builders import make_challenge, make_resource


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
