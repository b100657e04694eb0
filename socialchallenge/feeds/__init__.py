"""Atom 1.0 feeds: new challenges, new solutions of a challenge, new learnings."""

from __future__ import annotations

import re
from datetime import datetime
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, abort, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Solution, Stage
from socialchallenge.places import place_in_words

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
ET.register_namespace("", ATOM)
# What XML 1.0 does not allow in a document: C0 controls but tab, line feed and carriage return, lone
# surrogates, U+FFFE and U+FFFF. ElementTree writes them as they are, and one makes the whole feed unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """The text without the characters XML 1.0 forbids (dropped at output, whatever the database holds)."""
    return NOT_XML.sub("", value)


def _stamp(value: datetime | None) -> str:
    return (value or datetime(2000, 1, 1)).replace(microsecond=0).isoformat() + "Z"


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def atom(title: str, self_url: str, alternate: str, entries: list[dict]) -> Response:
    """An Atom document; each entry has title, url (its id too), updated and summary. ElementTree escapes text;
    _sub drops what XML cannot hold."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", self_url)
    _sub(feed, "title", title)
    _sub(feed, "updated", max((e["updated"] for e in entries), default=_stamp(None)))
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=alternate, type="text/html")
    _sub(_sub(feed, "author"), "name", _("SocialChallenge"))
    for entry in entries:
        item = _sub(feed, "entry")
        _sub(item, "id", entry["url"])
        _sub(item, "title", entry["title"])
        _sub(item, "updated", entry["updated"])
        _sub(item, "link", rel="alternate", href=entry["url"], type="text/html")
        _sub(item, "summary", entry["summary"], type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


def _challenge_entry(c: Challenge) -> dict:
    return {"url": url_for("challenges.show", challenge_id=c.id, _external=True), "title": c.title,
            "updated": _stamp(c.created_at), "summary": f"{place_in_words(c)} · {c.problem[:500]}"}


@bp.get("/challenges.atom")
def challenges():
    """The newest challenges."""
    rows = db.session.scalars(select(Challenge).where(Challenge.hidden.is_(False))
                              .order_by(Challenge.created_at.desc(), Challenge.id.desc()).limit(ENTRIES)).all()
    return atom(_("New challenges"), url_for("feeds.challenges", _external=True),
                url_for("challenges.index", _external=True), [_challenge_entry(c) for c in rows])


@bp.get("/challenges/<int:challenge_id>/solutions.atom")
def challenge_solutions(challenge_id: int):
    """The newest solutions of one challenge."""
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.hidden:
        abort(404)
    rows = db.session.scalars(select(Solution).where(Solution.challenge_id == challenge_id)
                              .order_by(Solution.created_at.desc(), Solution.id.desc()).limit(ENTRIES)).all()
    entries = [{"url": url_for("solutions.show", solution_id=s.id, _external=True), "title": s.title,
                "updated": _stamp(s.created_at), "summary": s.summary} for s in rows]
    return atom(_("New solutions to: %(title)s", title=challenge.title),
                url_for("feeds.challenge_solutions", challenge_id=challenge_id, _external=True),
                url_for("challenges.show", challenge_id=challenge_id, _external=True), entries)


def reached_learnings(session, limit: int) -> list[tuple[Solution, datetime]]:
    """Visible solutions at the learnings stage, the most recent to get there first, with when they did."""
    rows = session.scalars(
        select(Solution).join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.stage == Stage.learnings, Challenge.hidden.is_(False))
        .options(joinedload(Solution.challenge))
        .order_by(Solution.stage_entered_at.desc(), Solution.id.desc()).limit(limit)).all()
    return [(s, s.stage_entered_at) for s in rows]


@bp.get("/learnings.atom")
def learnings():
    """Solutions that most recently reached the learnings stage."""
    entries = [{"url": url_for("solutions.show", solution_id=s.id, _external=True),
                "title": s.title, "updated": _stamp(at),
                "summary": f"{s.challenge.title} · {s.lessons[:500]}"} for s, at in reached_learnings(db.session,
                                                                                                     ENTRIES)]
    return atom(_("New learnings"), url_for("feeds.learnings", _external=True),
                url_for("learnings.index", _external=True), entries)
