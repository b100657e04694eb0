"""Districts in use (issue 16): the API's `district` and `point`, `district=CODE` on the lists, the search and the
API, and the map's GeoJSON filtered exactly like the list."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import ChallengeStatus
from socialchallenge.models.secretariat import Resource
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS
from socialchallenge.secretariat import stats
from tests.builders import api_value, make_challenge, make_resource, make_token, make_user
from tests.helpers import EN, text

MAPO, JONGNO = "11440", "11110"


def challenge_body(**overrides):
    """A full challenge body built from the stage table."""
    return {name: api_value(spec) for name, spec in CHALLENGE_FIELDS.items()} | overrides


@pytest.fixture
def three(app):
    """Two challenges in Mapo-gu (one closed), one in Jongno-gu, and one that waits for a district."""
    make_challenge(title="Mapo bus stop without shade", area="망원동", district_code=MAPO, lat=37.5561, lon=126.9018,
                   tags=["mobility"])
    closed = make_challenge(title="Mapo closed alley lights", area="Yeonnam-dong", district_code=MAPO, tags=["safety"])
    closed.status = ChallengeStatus.closed
    make_challenge(title="Jongno alley litter", area="익선동", district_code=JONGNO, tags=["mobility"])
    make_challenge(title="Somewhere between districts", area="경계", district_code=None)
    db.session.commit()


def _send(client, method: str, path: str, body: dict, token: str, lang: str = "en"):
    return client.open(path, method=method, json=body,
                       headers={"Authorization": f"Bearer {token}", "Accept-Language": lang})


def test_a_challenge_posted_through_the_api_carries_its_district_and_point(client):
    token = make_token(make_user())
    response = _send(client, "POST", "/api/v1/challenges",
                     challenge_body(district=JONGNO, point={"lat": 37.5742, "lon": 126.9897}), token)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["district"] == {"code": JONGNO, "name": "Jongno-gu"}
    assert body["point"] == {"lat": 37.5742, "lon": 126.9897}
    # Without a district, one named by the place in words is read from it; in Korean when asked in Korean.
    body = _send(client, "POST", "/api/v1/challenges", challenge_body(area="마포구 망원동"), token, "ko").get_json()
    assert body["district"] == {"code": MAPO, "name": "마포구"} and body["point"] is None
    # Editing moves it and clears the point.
    edited = _send(client, "PATCH", f"/api/v1/challenges/{response.get_json()['id']}",
                   {"district": MAPO, "point": None}, token).get_json()
    assert edited["district"]["code"] == MAPO and edited["point"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"district": "99999"}, "district"), ({"district": 11440}, "district"),
    ({"point": {"lat": 91, "lon": 0}}, "point"), ({"point": {"lat": 37.5}}, "point"), ({"point": "37.5,127"}, "point"),
    ({"point": {"lat": "37.5", "lon": 127}}, "point"), ({"point": {"lat": 37.5, "lon": 127, "z": 1}}, "point"),
])
def test_a_bad_district_or_point_is_a_422_naming_it(client, body, field):
    response = _send(client, "POST", "/api/v1/challenges", challenge_body(**body), make_token(make_user()))
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {field}


def test_the_challenge_list_filters_by_district(client, three):
    page = text(client.get(f"/challenges?district={MAPO}", headers=EN))
    assert "Mapo bus stop without shade" in page and "Mapo closed alley lights" in page
    assert "Jongno alley litter" not in page and "Somewhere between districts" not in page
    assert '<option selected value="11440">Mapo-gu</option>' in page or 'value="11440" selected' in page
    # An unknown code is left out: the whole list shows.
    assert "Jongno alley litter" in text(client.get("/challenges?district=nowhere", headers=EN))


def test_the_api_filters_by_district_and_refuses_an_unknown_one(client, three):
    items = client.get(f"/api/v1/challenges?district={MAPO}&status=open").get_json()["items"]
    assert [c["title"] for c in items] == ["Mapo bus stop without shade"]
    response = client.get("/api/v1/challenges?district=nowhere")
    assert response.status_code == 400 and "district" in response.get_json()["error"]["fields"]
    hits = client.get(f"/api/v1/search?q=alley&district={JONGNO}").get_json()["items"]
    assert [h["title"] for h in hits] == ["Jongno alley litter"] and hits[0]["district"]["code"] == JONGNO


def test_search_and_learnings_pages_filter_by_district(client, three):
    page = text(client.get(f"/search?q=alley&district={MAPO}", headers=EN))
    assert "Mapo closed alley lights" in page and "Jongno alley litter" not in page
    assert client.get(f"/learnings?district={MAPO}").status_code == 200


@pytest.mark.parametrize("query", ["", f"district={MAPO}", "status=open", "tag=mobility",
                                   f"district={MAPO}&status=open", "q=alley", "sort=most_supported"])
def test_the_map_data_is_filtered_like_the_list(client, three, query):
    listed = client.get(f"/api/v1/challenges?{query}&per_page=100").get_json()
    response = client.get(f"/api/v1/challenges.geojson?{query}")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    geo = response.get_json()
    assert geo["type"] == "FeatureCollection" and geo["total"] == listed["total"]
    placed = [c["id"] for c in listed["items"] if c["district"] or c["point"]]
    assert [f["properties"]["id"] for f in geo["features"]] == placed
    assert geo["unplaced"] == listed["total"] - len(placed)


def test_a_feature_sits_on_its_point_or_else_its_districts_centre(client, three):
    features = {f["properties"]["title"]: f for f in client.get("/api/v1/challenges.geojson", headers=EN)
                .get_json()["features"]}
    shade = features["Mapo bus stop without shade"]
    assert shade["geometry"] == {"type": "Point", "coordinates": [126.9018, 37.5561]}
    assert shade["properties"]["located"] == "point" and shade["properties"]["url"].endswith(
        f"/challenges/{shade['properties']['id']}")
    litter = features["Jongno alley litter"]
    assert litter["geometry"]["coordinates"] == [126.9775, 37.5943] and litter["properties"]["located"] == "district"
    assert litter["properties"]["district"] == {"code": JONGNO, "name": "Jongno-gu"}
    assert client.get("/api/v1/challenges.geojson?district=nowhere").status_code == 400


def test_resources_are_filtered_by_district_in_the_catalogue_the_api_and_the_map(client, app):
    make_resource(title="Hall in Mapo", area="망원동", district_code=MAPO)
    make_resource(title="Jongno data set", kind="data_set", area="종로", district_code=JONGNO)
    hall = db.session.scalars(select(Resource).where(Resource.title == "Hall in Mapo")).one()
    assert f'<a href="/resources?district={MAPO}">Mapo-gu</a>' in text(client.get(f"/resources/{hall.id}", headers=EN))
    page = text(client.get(f"/resources?district={JONGNO}", headers=EN))
    assert "Jongno data set" in page and "Hall in Mapo" not in page
    items = client.get(f"/api/v1/resources?district={MAPO}").get_json()["items"]
    assert [r["title"] for r in items] == ["Hall in Mapo"] and items[0]["district"]["code"] == MAPO
    geo = client.get(f"/api/v1/resources.geojson?district={MAPO}").get_json()
    assert [f["properties"]["title"] for f in geo["features"]] == ["Hall in Mapo"]
    assert client.get("/api/v1/resources?district=nowhere").status_code == 400


def test_the_map_page_counts_per_district_and_links_to_the_lists(client, three):
    make_resource(title="Hall in Mapo", area="망원동", district_code=MAPO)
    page = text(client.get("/map?status=open", headers=EN))
    assert 'id="map"' in page and "vendor/leaflet/leaflet.js" in page and "js/map.js" in page
    # The table, the map's accessible alternative: open challenges and resources per district, linked.
    assert f'href="/challenges?status=open&district={MAPO}">1<' in page
    assert f'href="/resources?status=open&district={MAPO}">1<' in page
    table = page.split('class="district-counts"')[1]
    assert "Jongno-gu" in table and "Seocho-gu" not in table  # districts with nothing are left out
    only = text(client.get("/map?layer=resources", headers=EN))
    assert "api/v1/resources.geojson" in only and "api/v1/challenges.geojson" not in only
    assert "<script>" not in page and "style=" not in page


def test_the_map_page_has_the_frame_of_every_page(client):
    # The map's own settings once shadowed Flask's `config` in the templates: base.html lost the sandbox banner.
    banner = "Sandbox: pledges here are for trying things out. No money moves."
    assert banner in text(client.get("/challenges", headers=EN))
    page = text(client.get("/map", headers=EN))
    assert banner in page
    assert "Where challenges, resources and events are, by district." in page  # events are a layer too
    assert "과제와 자원, 행사가 어느 자치구에" in text(client.get("/map", headers={"Accept-Language": "ko"}))
    assert 'class="map map-plain"' in page and '"tiles": ""' in page  # no tile server: a plain map


def test_the_tile_server_is_added_to_the_csp_only_when_set(client, app):
    csp = client.get("/map").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in csp
    app.config["MAP_TILE_URL"] = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    try:
        response = client.get("/map")
        assert "img-src 'self' data: https://*.tiles.example.org;" in response.headers["Content-Security-Policy"]
        assert "tiles.example.org" in text(response)
    finally:
        app.config["MAP_TILE_URL"] = ""


def test_statistics_count_one_place_once_whatever_its_spelling(client, auth):
    # The complaint of issue 16: "마포구 망원동" and "Mapo-gu, Yeonnam-dong" were two rows of the statistics.
    make_challenge(area="마포구 망원동", district_code=MAPO)
    make_challenge(area="Mapo-gu, Yeonnam-dong", district_code=MAPO)
    make_challenge(area="경계", district_code=None)
    result = stats.compute(db.session)
    assert [(r["key"], r["name"], r["challenges"]) for r in result.districts] == [
        (MAPO, "마포구", 2), ("", "", 1)]
    assert len(result.areas) == 3
    auth.login(make_user(role="secretariat"))
    page = text(client.get("/secretariat/stats", headers=EN))
    district_section = page.split('id="district-h"')[1].split("</section>")[0]
    assert re.search(r'<th scope="row">Mapo-gu</th><td class="num"[^>]*>2</td>', district_section)
    assert "Not assigned yet" in district_section
    csv_text = client.get("/secretariat/exports/statistics.csv").get_data(as_text=True)
    assert f"district,{MAPO},challenges,2" in csv_text


def test_open_data_lists_each_challenges_district_and_point(client):
    make_challenge(title="Shade", area="망원동", district_code=MAPO, lat=37.5561, lon=126.9018)
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/challenges.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    assert [(r["district_code"], r["district_name_ko"], r["district_name_en"], r["lat"], r["lon"]) for r in rows] == [
        (MAPO, "마포구", "Mapo-gu", "37.5561", "126.9018")]
