"""Look-alike organisation names created at the same moment (PostgreSQL only): the unique name key decides, exactly
one is created and every other request is told the name is taken, never a server error."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from socialchallenge import create_app
from socialchallenge.accounts import organisations
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db
from socialchallenge.models import Organisation, User
from tests.builders import make_user

pytestmark = pytest.mark.postgres_only

LOOK_ALIKES = ["Mangwon Youth", "Ｍａｎｇｗｏｎ Ｙｏｕｔｈ", "mangwon youth\u200b", "\u3164Mangwon  Youth",
               "MANGWON\u2060 YOUTH", "Mangwon Youth", "mangwon YOUTH", "Ｍangwon Youth", "\ufeffMangwon Youth",
               "Mangwon\u200b Youth"]


def create_at_once(app, user_ids: list[int]) -> list[str]:
    racer = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                   "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": len(user_ids) + 2, "max_overflow": 0}})
    barrier = threading.Barrier(len(user_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(user_id: int, name: str):
        with racer.test_request_context(headers={"Accept-Language": "en"}):
            try:
                actor = db.session.get(User, user_id)
                barrier.wait(timeout=30)
                organisations.create_organisation(db.session, actor, name, "community_group")
                db.session.commit()
                outcome = "ok"
            except DomainError as exc:
                db.session.rollback()
                outcome = exc.fields.get("name", exc.code)
            except Exception as exc:  # noqa: BLE001 - reported as the outcome, so the test names it
                db.session.rollback()
                outcome = f"error {type(exc).__name__}: {exc}"
            finally:
                db.session.remove()
        with lock:
            outcomes.append(outcome)

    pairs = zip(user_ids, LOOK_ALIKES, strict=True)
    threads = [threading.Thread(target=worker, args=pair) for pair in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    with racer.app_context():
        db.engine.dispose()
    return outcomes


@pytest.mark.parametrize("round_", range(5))
def test_ten_look_alike_organisations_at_once_make_exactly_one(app, round_):
    users = [make_user().id for _ in LOOK_ALIKES]
    outcomes = create_at_once(app, users)
    assert sorted(outcomes) == ["An organisation with this name already exists."] * 9 + ["ok"], outcomes
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
