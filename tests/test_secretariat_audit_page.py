"""The audit log reads as sentences, not data: one row per change, the action's name in the reader's language
(never a code like `comment.hide`), each changed field with its label and before → after, user text as text (no
JSON, no \\uXXXX escapes)."""

from __future__ import annotations

import re

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import Stage
from socialchallenge.secretariat import curation, mentoring, moderation, resources, rubric
from socialchallenge.secretariat.audit_view import ACTIONS
from tests.builders import make_challenge, make_comment, make_organisation, make_resource, make_solution, make_user

REASON = "욕설이 섞인 댓글 \"그만\""


def every_staff_action():
    staff = make_user(role="secretariat", name="Park Staff")
    challenge, other = make_challenge(), make_challenge()
    solution = make_solution(stage=Stage.proposal, selected=True)
    s = db.session
    curation.retag(s, staff, challenge, add=["비", "rain"])
    curation.set_min_solutions(s, staff, challenge, 3)
    curation.hide(s, staff, challenge, "Spam")
    curation.unhide(s, staff, challenge)
    curation.mark_curated(s, staff, challenge)
    curation.merge(s, staff, other, challenge.id)
    curation.verify_organisation(s, staff, make_organisation().id, True)
    mentoring.assign(s, staff, solution, staff.id)
    mentoring.add_note(s, staff, solution, "2026-01-01", "도서관에서 만남")
    mentoring.unassign(s, staff, solution, staff.id)
    rubric.score(s, staff, solution, dict.fromkeys(rubric.LABELS, 3))
    comment = make_comment()
    moderation.hide_comment(s, staff, comment, REASON)
    moderation.restore_comment(s, staff, comment, "Fine after all")
    member = make_user()
    moderation.set_suspended(s, staff, member, True, "Spam")
    moderation.set_suspended(s, staff, member, False, "Sorry")
    resources.create_resource(s, staff, {"kind": "space", "title": "마을 회관", "area": "Mapo-gu"})
    row = resources.request_resource(s, solution.team[0].user, make_resource(), solution.id, "Please")
    resources.decide(s, staff, row, "grant")
    s.commit()
    return staff


def text_of(html: str) -> str:
    main = html[html.index("<main"):html.index("</main>")]
    main = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", main)  # what sighted readers see
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_audit_log_names_actions_and_shows_changes_as_text(client, auth, lang):
    from flask_babel import force_locale

    auth.login(every_staff_action())
    html = client.get("/secretariat/audit", headers={"Accept-Language": lang}).get_data(as_text=True)
    text = text_of(html)
    assert html.count("<tr>") - 1 == 17  # one row per change (and the header row)
    assert not re.search(r"\b(challenge|comment|user|mentor|mentoring|rubric|resource|resource_request|organisation)"
                         r"\.[a-z_]+\b", text), "a raw action code is shown"
    assert "\\u" not in html and '{"' not in text and "&#34;" not in html.replace('&#34;그만&#34;', "")
    with force_locale(lang):
        names = [str(ACTIONS[a]) for a in ("comment.hide", "comment.restore", "user.suspend", "challenge.merge",
                                           "resource_request.grant", "rubric.score")]
        from flask_babel import gettext as _

        hidden, yes, no = _("Hidden"), _("Yes"), _("No")
    for name in names:
        assert name in text
    assert REASON.replace('"', "&#34;") in html or REASON in text  # the member's words, as they wrote them
    assert f"{hidden} {no} → {yes}" in text, text[text.find(names[0]) - 200:][:600]  # before → after, per field
    assert "도서관에서 만남" in text and "마을 회관" in text
    if lang == "ko":
        assert "댓글 숨김" in text


def test_every_audited_action_has_a_name_in_both_languages(app):
    """Every action the code records (including the campaign reviews and money actions) is named."""
    from pathlib import Path

    from flask_babel import force_locale

    codes = set()
    for path in Path("socialchallenge").rglob("*.py"):
        for code in re.findall(r'record\(\s*\w+,\s*\w+,\s*f?"([a-z_]+\.[a-z_.{}]+)"', path.read_text("utf-8")):
            codes.add(code)
        for a, b in re.findall(r'"([a-z_]+\.[a-z_]+)" if \w+ else "([a-z_]+\.[a-z_]+)"', path.read_text("utf-8")):
            codes |= {a, b}
    assert len(codes) >= 15
    known = set(ACTIONS)
    for code in codes:
        if "{" in code:
            prefix = code.split("{")[0]
            assert any(k.startswith(prefix) for k in known), code
        else:
            assert code in known, code
    with force_locale("ko"):
        assert all(str(label) != key and not re.search(r"[A-Za-z]{4,}", str(label)) for key, label in ACTIONS.items())
