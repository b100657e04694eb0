"""Look-alike organisation names created at the same moment (PostgreSQL only): the unique name key decides, exactly
one is created and every other request is told the name is taken, never a server error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.accounts import organisations
from socialchallenge.extensions import db
from socialchallenge.models import Organisation, User
from tests.builders import make_user
from tests.racing import racing_app, run_together

pytestmark = pytest.mark.postgres_only

LOOK_ALIKES = ["Mangwon Youth", "Ｍａｎｇｗｏｎ Ｙｏｕｔｈ", "mangwon youth\u200b", "\u3164Mangwon  Youth",
               "MANGWON\u2060 YOUTH", "Mangwon Youth", "mangwon YOUTH", "Ｍangwon Youth", "\ufeffMangwon Youth",
               "Mangwon\u200b Youth"]


def create_at_once(app, user_ids: list[int]) -> list[str]:
    """Each member creates a look-alike organisation at the same moment; the outcomes are "ok" or the message
    on the name field."""
    def job(user_id: int, name: str):
        actor = db.session.get(User, user_id)
        return lambda: organisations.create_organisation(db.session, actor, name, "community_group")

    jobs = [lambda pair=pair: job(*pair) for pair in zip(user_ids, LOOK_ALIKES, strict=True)]
    with racing_app(app, len(user_ids)) as racer:
        return run_together(racer, jobs, context=lambda: racer.test_request_context(headers={"Accept-Language": "en"}),
                            domain_outcome=lambda exc: exc.fields.get("name", exc.code))


@pytest.mark.parametrize("round_", range(5))
def test_ten_look_alike_organisations_at_once_make_exactly_one(app, round_):
    users = [make_user().id for _ in LOOK_ALIKES]
    outcomes = create_at_once(app, users)
    assert sorted(outcomes) == ["An organisation with this name already exists."] * 9 + ["ok"], outcomes
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
