"""The audit log: every staff action leaves an entry (who, what, when, before and after); the page only reads, and
reads as sentences, not data: one row per change, the action's name in the reader's language (never a code like
`comment.hide`), each changed field with its label and before → after, user text as text (no JSON, no \\uXXXX
escapes)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import Stage
from socialchallenge.models.secretariat import AuditEntry
from socialchallenge.pipeline.hearing_sheet import CHECKLIST
from socialchallenge.secretariat import audit, curation, mentoring, moderation, resources, rubric
from socialchallenge.secretariat.audit_view import ACTIONS
from tests.builders import (
    make_campaign,
    make_challenge,
    make_comment,
    make_organisation,
    make_pledge,
    make_resource,
    make_solution,
    make_token,
    make_user,
)
from tests.helpers import queries_for, submit

EN = {"Accept-Language": "en"}
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


def test_every_staff_action_is_audited(app):
    staff = every_staff_action()
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert actions == {
        "challenge.tags", "challenge.min_solutions", "challenge.hide", "challenge.unhide", "challenge.curated",
        "challenge.merge", "organisation.verify", "mentor.assign", "mentoring.note", "mentor.unassign",
        "rubric.score", "comment.hide", "comment.restore", "user.suspend", "user.unsuspend", "resource.create",
        "resource_request.grant",
    }
    assert all(e.actor_id == staff.id and e.created_at for e in db.session.scalars(select(AuditEntry)))


def test_the_audit_page_pages_and_cannot_be_written(client, auth, app):
    staff = make_user(role="secretariat", name="Park Staff")
    challenge = make_challenge()
    for n in range(55):
        audit.record(db.session, staff, "challenge.curated", challenge, {"n": n}, {"n": n + 1})
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 55
    auth.login(staff)
    first = client.get("/secretariat/audit", headers=EN).get_data(as_text=True)
    assert "Park Staff" in first and "Page 1 of 2" in first
    assert '<span class="before">54</span>' in first and '<span class="after">55</span>' in first
    assert "Page 2 of 2" in client.get("/secretariat/audit?page=2", headers=EN).get_data(as_text=True)
    assert client.post("/secretariat/audit").status_code in (400, 405)


# --- issue 12 item 13: staff actions on money and reviews are audited whichever door they come through ---

def _entries(action: str) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_reviews_through_the_plain_api_are_audited(api, app):
    staff = make_user(role="secretariat")
    token = make_token(staff)
    approved, changed = make_campaign(status="review"), make_campaign(status="review")
    approve = {"decision": "approve", "message": "Go", "checklist": list(CHECKLIST)}
    assert api.post(f"/api/v1/campaigns/{approved.id}/review", approve, token=token).status_code == 200
    assert api.post(f"/api/v1/campaigns/{changed.id}/review",
                    {"decision": "request_changes", "message": "Name the risks."}, token=token).status_code == 200
    [approval] = _entries("campaign.review.approve")
    assert (approval.actor_id, approval.target_type, approval.target_id) == (staff.id, "campaigns", approved.id)
    assert approval.before["status"] == "review" and approval.after["status"] == "live"
    assert approval.after["solution_stage"] == "crowdfunding" and approval.after["message"] == "Go"
    [request] = _entries("campaign.review.request_changes")
    # Both API doors save the hearing sheet with the decision (here: nothing was ticked).
    assert request.target_id == changed.id and request.after == {
        "status": "cancelled", "solution_stage": "proposal", "message": "Name the risks.",
        "checklist": dict.fromkeys(CHECKLIST, False), "hearing_sheet_id": request.after["hearing_sheet_id"]}


def test_a_review_in_the_console_is_audited_once(client, auth, app):
    campaign = make_campaign(status="review")
    auth.login(make_user(role="secretariat"))
    assert submit(client, f"/secretariat/reviews/{campaign.id}",
                  {"checklist": list(CHECKLIST), "decision": "approve", "message": ""}).status_code == 302
    [entry] = db.session.scalars(select(AuditEntry)).all()
    assert entry.action == "campaign.review.approve" and entry.after["checklist"]["budget_plausible"] is True


def test_manual_contributions_are_audited(api, app):
    staff = make_user(role="secretariat")
    campaign = make_campaign()
    response = api.post(f"/api/v1/campaigns/{campaign.id}/contributions",
                        {"amount": 200_000, "note": "Mapo district grant"}, token=make_token(staff))
    assert response.status_code == 201
    [entry] = _entries("pledge.contribution")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (staff.id, "pledges",
                                                                    response.get_json()["pledge"]["id"])
    assert entry.after == {"campaign_id": campaign.id, "amount": 200_000, "note": "Mapo district grant",
                           "status": "collected"}
    # A refused contribution leaves no entry.
    api.post(f"/api/v1/campaigns/{campaign.id}/contributions", {"amount": -5, "note": "x"}, token=make_token(staff))
    assert len(db.session.scalars(select(AuditEntry)).all()) == 1


def test_confirming_a_bank_transfer_is_audited(app):
    from socialchallenge.funding.pledges import confirm_manual

    staff = make_user(role="secretariat")
    pledge = make_pledge(make_campaign(), status="pending", provider="manual")
    confirm_manual(db.session, staff, pledge)
    db.session.commit()
    [entry] = _entries("pledge.confirm_manual")
    assert entry.target_id == pledge.id and entry.before == {"status": "pending"}
    assert entry.after == {"status": "collected", "amount": pledge.amount, "campaign_id": pledge.campaign_id}


# --- issue 14 item 6: the log reads as sentences, not data ---

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


def changed_values(html: str) -> list[str]:
    """Every value before and after a change, as the log shows it."""
    return re.findall(r'<span class="(?:before|after)">([^<]*)</span>', html)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_audit_log_says_statuses_stages_and_kinds_in_words_not_codes(client, auth, app, lang):
    """A campaign's status and its solution's stage, a pledge's and a resource request's status, a kind of resource
    and a merged challenge's status read with the labels the rest of the site uses ("진행 중", "크라우드펀딩"),
    never as the stored codes ("live", "crowdfunding")."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from socialchallenge.funding.pledges import confirm_manual

    staff = make_user(role="secretariat", name="Park Staff")
    auth.login(staff)
    campaign = make_campaign(status="review")
    assert submit(client, f"/secretariat/reviews/{campaign.id}",
                  {"checklist": list(CHECKLIST), "decision": "approve", "message": ""}).status_code == 302
    s = db.session
    confirm_manual(s, staff, make_pledge(make_campaign(), status="pending", provider="manual"))
    resources.create_resource(s, staff, {"kind": "space", "title": "마을 회관", "area": "Mapo-gu"})
    solution = make_solution(stage=Stage.proposal, selected=True)
    resources.decide(s, staff, resources.request_resource(s, solution.team[0].user, make_resource(), solution.id,
                                                          "Please"), "grant")
    curation.merge(s, staff, make_challenge(), make_challenge().id)
    s.commit()
    html = client.get("/secretariat/audit", headers={"Accept-Language": lang}).get_data(as_text=True)
    text, values = text_of(html), set(changed_values(html))
    codes = {"review", "live", "proposal", "crowdfunding", "pending", "collected", "space", "requested", "granted",
             "open", "closed"}
    assert not values & codes, f"raw codes shown: {values & codes}"
    with force_locale(lang):
        status, stage, kind = _("Status"), _("Stage of the solution"), _("Kind")
        in_review, live, proposal, crowdfunding, space, waiting, granted = (
            _("In review"), _("Live"), _("Proposal"), _("Crowdfunding"), _("Space"), _("Waiting"), _("Granted"))
        open_, closed = _("Open"), _("Closed")
    assert f"{status} {in_review} → {live}" in text and f"{stage} {proposal} → {crowdfunding}" in text
    assert f"{status} {waiting} → {granted}" in text and f"{kind} – → {space}" in text
    assert f"{status} {open_} → {closed}" in text
    if lang == "ko":
        assert "결제 대기 → 결제 완료" in text and "→ 크라우드펀딩" in text
    # The review's checklist names its items in a few words of the reader's language, not by their keys.
    with force_locale(lang):
        budget, yes = _("Budget"), _("Yes")
    assert f"{budget}: {yes}" in text and "budget" not in text.lower().replace(budget.lower(), "")
    assert not re.search(r"[a-z]+_[a-z]+", text), "a key is shown"


def test_every_audited_action_has_a_name_in_both_languages(app):
    """Every action the code records (including the campaign reviews and money actions) is named."""
    from pathlib import Path

    from flask_babel import force_locale

    codes = set()
    for path in Path("socialchallenge").rglob("*.py"):
        for code in re.findall(r'(?:record\(\s*\w+,\s*\w+,|staff_acted\.send\(\s*\w+,\s*actor=\w+,\s*action=)\s*f?"'
                               r'([a-z_]+\.[a-z_.{}]+)"', path.read_text("utf-8")):
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


def test_the_audit_log_names_the_items_and_the_people_it_points_to(client, auth, app):
    """Each row says which challenge, solution or member it is about by name, and an id field (the mentor, the
    challenge merged into) by name beside its number, in one query per kind of item."""
    staff = make_user(role="secretariat", name="Park Staff")
    mentor = make_user(role="secretariat", name="Mentor Yoon")
    challenge = make_challenge(title="Dark alley behind the market")
    duplicate = make_challenge(title="The same dark alley")
    solution = make_solution(stage=Stage.proposal, selected=True, title="Solar lamps for the alley")
    s = db.session
    curation.merge(s, staff, duplicate, challenge.id)
    mentoring.assign(s, staff, solution, mentor.id)
    s.commit()
    auth.login(staff)
    text = text_of(client.get("/secretariat/audit", headers=EN).get_data(as_text=True))
    assert f"Solution #{solution.id}: Solar lamps for the alley" in text
    assert f"Challenge #{duplicate.id}: The same dark alley" in text
    assert f"Mentor – → Mentor Yoon (#{mentor.id})" in text
    assert f"Dark alley behind the market (#{challenge.id})" in text
    # The names cost one query per kind of item, not one per row.
    before = queries_for(client, "/secretariat/audit", headers=EN)
    for _ in range(3):
        mentoring.assign(s, staff, make_solution(stage=Stage.proposal, selected=True), make_user(role="secretariat").id)
        curation.merge(s, staff, make_challenge(), make_challenge().id)
    s.commit()
    assert queries_for(client, "/secretariat/audit", headers=EN) == before


def test_opening_a_call_reads_with_its_organiser_and_funder_named(client, auth, app):
    from datetime import timedelta

    from socialchallenge.calls import service as calls
    from socialchallenge.timeutil import utcnow

    staff = make_user(role="secretariat", name="Park Staff")
    city = make_organisation("Seoul Innovation Bureau", verified=True)
    bank = make_organisation("Mangwon Credit Union", verified=True)
    call = calls.create_call(db.session, staff, {
        "title": "Quiet streets", "description": "Ideas for quieter streets.", "organiser_id": city.id,
        "opens_at": utcnow(), "closes_at": utcnow() + timedelta(days=30),
        "match": {"funder_id": bank.id, "pool": 1_000_000, "ratio": 1, "cap_per_campaign": 100_000}})
    db.session.commit()
    auth.login(staff)
    text = text_of(client.get("/secretariat/audit", headers=EN).get_data(as_text=True))
    assert f"Call #{call.id}: Quiet streets" in text
    assert f"Organiser – → Seoul Innovation Bureau (#{city.id})" in text
    assert f"Funder: Mangwon Credit Union (#{bank.id})" in text and "Amount: 1000000" in text
    assert "calls #" not in text and "Organiser id" not in text and "Funder id" not in text
