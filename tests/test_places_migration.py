"""Migration 0016 (issue 16 item 1): free-text areas written before districts are matched where unambiguous."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from socialchallenge import create_app
from tests.helpers import MIGRATION_CHALLENGE as CHALLENGE
from tests.helpers import insert_row, tables_at

# area as typed → the district code the migration gives it (None: left for the secretariat's queue)
AREAS = {
    "마포구 망원동": "11440",
    "Mapo-gu, Yeonnam-dong": "11440",
    "서울시 강서구 화곡동": "11500",
    "MAPO GU": "11440",
    "중구 명동": "11140",
    "Jongno": "11110",
    "마포구와 서대문구 경계": None,  # two districts: ambiguous
    "강남역 근처": None,  # a station, not a district
    "Seongsu-dong": None,  # a neighbourhood alone
    "": None,
}




def test_free_text_areas_are_matched_to_districts_by_the_migration(tmp_path):
    url = f"sqlite:///{tmp_path / 'areas.sqlite'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "STORAGE_LOCAL_PATH": str(tmp_path / "media")})
    engine = sa.create_engine(url)
    with app.app_context():
        upgrade(revision="0015_districts")
        users, challenges, resources = tables_at(engine, "users", "challenges", "resources")
        with engine.begin() as conn:
            owner = insert_row(conn, users, email="old@example.org", name="Old member")
            ids = {area: (insert_row(conn, challenges, owner_id=owner, area=area, title=f"Old {i}", **CHALLENGE),
                          insert_row(conn, resources, area=area, title=f"Room {i}", kind="space"))
                   for i, area in enumerate(AREAS)}
            # An item someone already placed keeps its district whatever its text says.
            placed = insert_row(conn, challenges, owner_id=owner, area="마포구", district_code="11110", title="Placed",
                             **CHALLENGE)
        upgrade(revision="0016_match_areas")
    with engine.connect() as conn:
        got_challenges = dict(conn.execute(sa.select(challenges.c.id, challenges.c.district_code)).all())
        got_resources = dict(conn.execute(sa.select(resources.c.id, resources.c.district_code)).all())
    engine.dispose()
    assert {area: got_challenges[c] for area, (c, _) in ids.items()} == AREAS
    assert {area: got_resources[r] for area, (_, r) in ids.items()} == AREAS
    assert got_challenges[placed] == "11110"
