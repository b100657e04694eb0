"""match free-text areas to districts where the name is unambiguous

Revision ID: 0016_match_areas
Revises: 0015_districts
Create Date: 2026-12-03 19:00:00

Issue 16 item 1: challenges and resources written before districts existed have only a free-text `area`.
Where it names exactly one district ("마포구 망원동", "Mapo-gu, Yeonnam-dong", "Mapo"), that district is set; where
it names none or several, `district_code` stays empty and the item waits in the secretariat's district queue
(/secretariat/districts). Data only: the downgrade leaves the codes (0015's downgrade drops the column).

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_match_areas'
down_revision = '0015_districts'
branch_labels = None
depends_on = None

# As socialchallenge/places/matching.py was at this revision (a migration keeps its own copy).
KO_SUFFIXES = ("구", "군", "시")
EN_SUFFIXES = ("gu", "gun", "si")


def _fold(text):
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text or "").lower()).split())


def _pattern(name_ko, name_en):
    names = {_fold(name_en)}
    ko = _fold(name_ko)
    for suffix in KO_SUFFIXES:
        if ko.endswith(suffix) and len(ko) - len(suffix) >= 2:
            names.add(ko[: -len(suffix)])
    en = _fold(name_en)
    for suffix in EN_SUFFIXES:
        if en.endswith(" " + suffix):
            stem = en[: -len(suffix) - 1]
            names.add(stem + suffix)
            if len(stem) >= 4:
                names.add(stem)
    words = "|".join(re.escape(n) for n in sorted((n for n in names if n), key=len, reverse=True))
    pattern = rf"(?<!\w)(?:{words})(?!\w)"
    if ko:
        pattern += rf"|(?<!\w){re.escape(ko)}"
    return re.compile(pattern)


def match(patterns, area):
    folded = _fold(area)
    found = {code for code, pattern in patterns if folded and pattern.search(folded)}
    return found.pop() if len(found) == 1 else None


def upgrade():
    conn = op.get_bind()
    patterns = [(code, _pattern(ko, en)) for code, ko, en in conn.execute(sa.text(
        "SELECT code, name_ko, name_en FROM districts ORDER BY position, code"))]
    for table in ('challenges', 'resources'):
        rows = conn.execute(sa.text(f"SELECT id, area FROM {table} WHERE district_code IS NULL")).all()
        updates = [{"id": row_id, "code": code} for row_id, area in rows if (code := match(patterns, area))]
        if updates:
            conn.execute(sa.text(f"UPDATE {table} SET district_code = :code WHERE id = :id"), updates)


def downgrade():
    pass
