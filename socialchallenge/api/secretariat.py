"""API: the secretariat's actions under /api/v1/secretariat (staff tokens only), plus the resource catalogue
and a solution's private mentoring log for its team."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import g, request
from flask_babel import gettext as _

from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, bearer_user, json_body, paged, token_required
from socialchallenge.extensions import db
from socialchallenge.pipeline.access import get_solution
from socialchallenge.places import district_json, district_param, point_json
from socialchallenge.secretariat import (
    audit,
    curation,
    failed_mail,
    mentoring,
    moderation,
    resources,
    reviews,
    rubric,
    stats,
)
from socialchallenge.secretariat.access import is_staff


def staff_required(view):
    """401 without a valid token, 403 unless the token's user is secretariat staff."""

    @token_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not is_staff(g.api_user):
            raise ApiError(403, "forbidden", _("Only the secretariat may do this."))
        return view(*args, **kwargs)

    return wrapped


def _iso(value) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def _challenge(c) -> dict[str, Any]:
    return {"id": c.id, "title": c.title, "area": c.area, "tags": c.tag_names, "status": c.status.value,
            "hidden": c.hidden, "hidden_reason": c.hidden_reason, "min_solutions": c.min_solutions,
            "supports_count": c.supports_count, "merged_into_id": c.merged_into_id,
            "created_at": _iso(c.created_at), "updated_at": _iso(c.updated_at), "curated_at": _iso(c.curated_at)}


def _sheet(s) -> dict[str, Any]:
    return {"id": s.id, "campaign_id": s.campaign_id, "decision": s.decision, "message": s.message,
            "checklist": s.checks, "notes": s.notes, "reviewer_id": s.reviewer_id, "created_at": _iso(s.created_at)}


def _note(n) -> dict[str, Any]:
    return {"id": n.id, "met_on": n.met_on.isoformat(), "notes": n.notes, "next_steps": n.next_steps,
            "author": {"id": n.author_id, "name": n.author.name}, "created_at": _iso(n.created_at)}


def _resource(r) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind.value, "title": r.title, "description": r.description, "area": r.area,
            "district": district_json(r.district), "point": point_json(r),
            "organisation": {"id": r.organisation.id, "name": r.organisation.name} if r.organisation else None}


def _request(r) -> dict[str, Any]:
    return {"id": r.id, "resource_id": r.resource_id, "solution_id": r.solution_id, "message": r.message,
            "status": r.status.value, "decision_message": r.decision_message, "created_at": _iso(r.created_at),
            "decided_at": _iso(r.decided_at)}


def _score(s) -> dict[str, Any]:
    return {"solution_id": s.solution_id, "evaluator_id": s.evaluator_id, "notes": s.notes, "total": s.total,
            **{name: getattr(s, name) for name in rubric.LABELS}}


# --- curation ---

@bp.get("/secretariat/curation")
@staff_required
def api_curation_queue():
    """New and changed challenges (the curation queue)."""
    return paged(curation.queue(), lambda rows: [_challenge(c) for c in rows])


@bp.post("/secretariat/challenges/<int:challenge_id>/tags")
@staff_required
def api_retag(challenge_id: int):
    """Add and remove topics: {add: [...], remove: [...]}."""
    data = json_body({"add", "remove"})
    challenge = curation.retag(db.session, g.api_user, curation.get(db.session, challenge_id), data.get("add"),
                               data.get("remove"))
    db.session.commit()
    return _challenge(challenge)


@bp.put("/secretariat/challenges/<int:challenge_id>/min-solutions")
@staff_required
def api_min_solutions(challenge_id: int):
    """Set the selection threshold: {min_solutions: 1–20}."""
    data = json_body({"min_solutions"})
    challenge = curation.set_min_solutions(db.session, g.api_user, curation.get(db.session, challenge_id),
                                           data.get("min_solutions"))
    db.session.commit()
    return _challenge(challenge)


@bp.post("/secretariat/challenges/<int:challenge_id>/merge")
@staff_required
def api_merge(challenge_id: int):
    """Merge this duplicate into another challenge: {into_id}. Answers the original."""
    data = json_body({"into_id"})
    original = curation.merge(db.session, g.api_user, curation.get(db.session, challenge_id), data.get("into_id"))
    db.session.commit()
    return _challenge(original)


@bp.post("/secretariat/challenges/<int:challenge_id>/<any(hide, unhide):action>")
@staff_required
def api_hide(challenge_id: int, action: str):
    """Hide a challenge ({reason} required) or show it again."""
    data = json_body({"reason"})
    challenge = curation.get(db.session, challenge_id)
    act = curation.hide if action == "hide" else curation.unhide
    act(db.session, g.api_user, challenge, data.get("reason"))
    db.session.commit()
    return _challenge(challenge)


@bp.post("/secretariat/challenges/<int:challenge_id>/curated")
@staff_required
def api_mark_curated(challenge_id: int):
    """Take a challenge off the curation queue."""
    challenge = curation.mark_curated(db.session, g.api_user, curation.get(db.session, challenge_id))
    db.session.commit()
    return _challenge(challenge)


@bp.put("/secretariat/organisations/<int:org_id>/verified")
@staff_required
def api_verify(org_id: int):
    """Mark an organisation verified or not: {verified: true|false}."""
    data = json_body({"verified"})
    org = curation.verify_organisation(db.session, g.api_user, org_id, data.get("verified"))
    db.session.commit()
    return {"id": org.id, "name": org.name, "verified": org.verified}


# --- campaign reviews ---

@bp.get("/secretariat/reviews")
@staff_required
def api_reviews():
    """Campaigns waiting for review."""
    return paged(reviews.waiting(), lambda rows: [
        {"id": c.id, "solution_id": c.solution_id, "goal": c.goal, "requested_at": _iso(c.requested_at)} for c in rows])


@bp.get("/secretariat/hearing-sheet")
@staff_required
def api_checklist():
    """The hearing sheet's items: key → wording."""
    return {"checklist": {key: str(label) for key, label in reviews.CHECKLIST.items()}}


@bp.post("/secretariat/campaigns/<int:campaign_id>/review")
@staff_required
def api_review(campaign_id: int):
    """Decide on a campaign with the hearing sheet: {decision, message, checklist: {key: bool}, notes}."""
    data = json_body({"decision", "message", "checklist", "notes"})
    campaign = reviews.get_campaign(db.session, campaign_id)
    sheet = reviews.decide(db.session, g.api_user, campaign, data.get("decision"), data.get("message", ""),
                           data.get("checklist"), data.get("notes", ""))
    db.session.commit()
    return {"campaign": {"id": campaign.id, "status": campaign.status.value}, "hearing_sheet": _sheet(sheet)}


# --- mentoring ---

@bp.get("/secretariat/solutions/<int:solution_id>/mentors")
@staff_required
def api_mentors(solution_id: int):
    """A solution's mentors."""
    solution = get_solution(db.session, solution_id, g.api_user)
    return {"items": [{"id": a.mentor_id, "name": a.mentor.name, "assigned_at": _iso(a.assigned_at)}
                      for a in mentoring.mentors_of(db.session, solution)]}


@bp.route("/secretariat/solutions/<int:solution_id>/mentors/<int:mentor_id>", methods=["PUT", "DELETE"])
@staff_required
def api_assign(solution_id: int, mentor_id: int):
    """PUT assigns a secretariat user as mentor; DELETE takes them off."""
    solution = get_solution(db.session, solution_id, g.api_user)
    if request.method == "PUT":
        mentoring.assign(db.session, g.api_user, solution, mentor_id)
        db.session.commit()
        return {"solution_id": solution_id, "mentor_id": mentor_id}
    mentoring.unassign(db.session, g.api_user, solution, mentor_id)
    db.session.commit()
    return "", 204


@bp.route("/solutions/<int:solution_id>/mentoring-log", methods=["GET", "POST"])
@token_required
def api_mentoring_log(solution_id: int):
    """The private mentoring log (team, mentors, secretariat); mentors and staff add {met_on, notes, next_steps}."""
    solution = get_solution(db.session, solution_id, g.api_user)
    if request.method == "POST":
        data = json_body({"met_on", "notes", "next_steps"})
        note = mentoring.add_note(db.session, g.api_user, solution, data.get("met_on"), data.get("notes"),
                                  data.get("next_steps", ""))
        db.session.commit()
        return _note(note), 201
    return {"items": [_note(n) for n in mentoring.log_of(db.session, g.api_user, solution)]}


# --- rubric ---

@bp.route("/secretariat/solutions/<int:solution_id>/rubric", methods=["GET", "POST"])
@staff_required
def api_rubric(solution_id: int):
    """GET every staff member's scores; POST yours: {sdg_fit, inclusion, openness, vulnerable_priority,
    collaboration, feasibility (1–5), notes}."""
    solution = get_solution(db.session, solution_id, g.api_user)
    if request.method == "POST":
        data = json_body(set(rubric.LABELS) | {"notes"})
        notes = data.pop("notes", "")
        row = rubric.score(db.session, g.api_user, solution, data, notes)
        db.session.commit()
        return _score(row), 201
    return {"items": [_score(s) for s in rubric.scores_of(db.session, solution)],
            "averages": rubric.averages(db.session, [solution.id]).get(solution.id)}


# --- moderation ---

@bp.get("/secretariat/moderation")
@staff_required
def api_moderation_queue():
    """Comments with open reports."""
    return paged(moderation.queue(), lambda rows: [
        {"id": c.id, "body": c.body, "hidden": c.hidden, "open_reports": c.open_reports, "author_id": c.author_id}
        for c in rows])


@bp.post("/secretariat/comments/<int:comment_id>/<any(hide, restore):action>")
@staff_required
def api_moderate(comment_id: int, action: str):
    """Hide or restore a comment with {reason}; its open reports are resolved."""
    data = json_body({"reason"})
    comment = moderation.get_comment(db.session, comment_id)
    act = moderation.hide_comment if action == "hide" else moderation.restore_comment
    act(db.session, g.api_user, comment, data.get("reason"))
    db.session.commit()
    return {"id": comment.id, "hidden": comment.hidden, "open_reports": comment.open_reports}


@bp.post("/secretariat/users/<int:user_id>/<any(suspend, unsuspend):action>")
@staff_required
def api_suspend(user_id: int, action: str):
    """Suspend a member (sessions and tokens stop working) or lift it, with {reason}."""
    data = json_body({"reason"})
    member = moderation.set_suspended(db.session, g.api_user, moderation.get_member(db.session, user_id),
                                      action == "suspend", data.get("reason"))
    db.session.commit()
    return {"id": member.id, "suspended": member.suspended}


# --- resources ---

@bp.get("/resources")
def api_resources():
    """The public resource catalogue: ?kind=&district=&area=."""
    district, problem = district_param(db.session, request.args.get("district"))
    if problem:
        raise ApiError(400, "malformed", _("Invalid query parameters."), {"district": problem})
    return paged(resources.catalogue(request.args.get("kind"), request.args.get("area"), district),
                 lambda rows: [_resource(r) for r in rows])


@bp.post("/resources/<int:resource_id>/requests")
@token_required
def api_request_resource(resource_id: int):
    """A team member asks for a resource: {solution_id, message}."""
    data = json_body({"solution_id", "message"})
    row = resources.request_resource(db.session, g.api_user, resources.get_resource(db.session, resource_id),
                                     data.get("solution_id"), data.get("message"))
    db.session.commit()
    return _request(row), 201


@bp.post("/secretariat/resources")
@staff_required
def api_create_resource():
    """Add a resource: {kind, title, description, area, organisation_id}."""
    resource = resources.create_resource(db.session, g.api_user, json_body())
    db.session.commit()
    return _resource(resource), 201


@bp.get("/secretariat/resource-requests")
@staff_required
def api_open_requests():
    """Requests waiting for an answer."""
    return paged(resources.open_requests(), lambda rows: [_request(r) for r in rows])


@bp.post("/secretariat/resource-requests/<int:request_id>/decision")
@staff_required
def api_decide_request(request_id: int):
    """Grant or decline a request: {decision: grant|decline, message}."""
    data = json_body({"decision", "message"})
    row = resources.decide(db.session, g.api_user, resources.get_request(db.session, request_id),
                           data.get("decision"), data.get("message", ""))
    db.session.commit()
    return _request(row)


# --- statistics and audit ---

@bp.get("/secretariat/stats")
@staff_required
def api_stats():
    """The statistics of the console."""
    s = stats.compute(db.session)
    return {"stage_counts": s.stage_counts, "reached": s.reached, "conversion": s.conversion,
            "median_days": s.median_days, "months": s.months, "districts": s.districts, "areas": s.areas,
            "money_pledged": s.money_pledged, "pledges": s.pledges, "hours_offered": s.hours_offered,
            "hours_accepted": s.hours_accepted}


@bp.get("/secretariat/audit")
@staff_required
def api_audit():
    """The audit log, newest first."""
    return paged(audit.entries(), lambda rows: [
        {"id": e.id, "actor_id": e.actor_id, "action": e.action, "target_type": e.target_type,
         "target_id": e.target_id, "before": e.before, "after": e.after, "created_at": _iso(e.created_at)}
        for e in rows])


# --- failed mail ---

def _mail(m) -> dict[str, Any]:
    return {"id": m.id, "to": m.to_address, "subject": m.subject, "attempts": m.attempts, "error": m.last_error,
            "created_at": _iso(m.created_at), "failed_at": _iso(m.failed_at)}


@bp.get("/secretariat/mail/failed")
@staff_required
def api_failed_mail():
    """Mail the outbox gave up on, newest first, with each error (never the body: it may hold a reset link)."""
    return paged(failed_mail.failed_mails(), lambda rows: [_mail(m) for m in rows])


@bp.post("/secretariat/mail/<int:mail_id>/send-again")
@staff_required
def api_send_mail_again(mail_id: int):
    """Put a failed mail back in the outbox; the worker sends it on its next round."""
    mail = failed_mail.send_again(db.session, g.api_user, mail_id)
    db.session.commit()
    return {"id": mail.id, "failed": mail.failed}


__all__ = ["bearer_user", "staff_required"]
