"""JSON shapes of challenges, solutions, campaigns, history and updates; field lists come from the stage table."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy.orm import object_session

from socialchallenge.core.plain import plain as _plain
from socialchallenge.extensions import db
from socialchallenge.funding.summary import campaign_json
from socialchallenge.models import Attachment, Challenge, ProgressUpdate, Solution, SolutionEvent
from socialchallenge.pipeline.questions import visible_answers
from socialchallenge.pipeline.selection import MAX_SELECTED, selection_state
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS, SOLUTION_FIELDS, current_value, missing_for
from socialchallenge.places import district_json, point_json


def person(user) -> dict | None:
    """The public view of a user."""
    return {"id": user.id, "name": user.name} if user is not None else None


def media_url(key: str | None) -> str | None:
    """The absolute URL of a stored file (None stays None)."""
    return url_for("attachments.media", key=key, _external=True) if key else None


def cover_json(cover: Attachment | None) -> dict | None:
    """A cover image: its page and card versions, alt text and size (None without a cover)."""
    if cover is None:
        return None
    return {"id": cover.id, "url": media_url(cover.key), "thumbnail_url": media_url(cover.thumb_key),
            "alt_text": cover.alt_text, "width": cover.width, "height": cover.height}


def attachment_json(attachment: Attachment) -> dict:
    """An image or document: where to fetch it, what it shows, its type and sizes, who added it to what."""
    return {
        "id": attachment.id, "kind": attachment.kind.value, "url": media_url(attachment.key),
        "thumbnail_url": media_url(attachment.thumb_key), "alt_text": attachment.alt_text,
        "filename": attachment.filename, "content_type": attachment.content_type, "size": attachment.size,
        "width": attachment.width, "height": attachment.height,
        "target": {"type": attachment.target_kind,
                   "id": attachment.challenge_id or attachment.solution_id or attachment.update_id
                   or attachment.event_id},
        "uploader": person(attachment.uploader), "created_at": _plain(attachment.created_at),
    }


def attachments_json(attachments: list[Attachment]) -> list[dict]:
    """A page of attachments."""
    return [attachment_json(a) for a in attachments]


def challenge_json(challenge: Challenge, with_selection: bool = False) -> dict:
    """A challenge: its stage fields and its state (needs the loader options of pipeline.challenges)."""
    data = {name: _plain(current_value(challenge, name)) for name in CHALLENGE_FIELDS}
    data.update({
        "id": challenge.id,
        "status": challenge.status.value,
        "owner": person(challenge.owner),
        "organisation": {"id": challenge.organisation.id, "name": challenge.organisation.name}
        if challenge.organisation else None,
        "min_solutions": challenge.min_solutions,
        # The challenge's own prize terms (0 when it has none, or when it is in a call, whose terms apply).
        "prize_per_winner": challenge.prize_per_winner,
        "winners": challenge.prize_winners,
        "mentoring_months": challenge.mentoring_months,
        "solution_deadline": _plain(challenge.solution_deadline),
        "supports_count": challenge.supports_count,
        "solutions_count": challenge.solutions_count,
        "selected_solution_ids": [s.id for s in challenge.selected_solutions],
        "adopted_solution_id": challenge.adopted_solution_id,
        "hidden": challenge.hidden,
        "district": district_json(challenge.district),
        "point": point_json(challenge),
        "cover": cover_json(challenge.cover),
        "created_at": _plain(challenge.created_at),
        "updated_at": _plain(challenge.updated_at),
    })
    if with_selection:
        state = selection_state(challenge)
        data["selection"] = {"open": state.is_open, "candidates": state.candidates, "threshold": state.threshold,
                             "to_go": state.to_go, "selected": state.selected, "max_selected": MAX_SELECTED}
    return data


EXCERPT_MAX = 200


def excerpt(value: str | None, limit: int = EXCERPT_MAX) -> str:
    """The start of a long text, cut at a word boundary within `limit` characters, with an ellipsis when cut."""
    flat = " ".join((value or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "…"


def challenge_summary_json(challenge: Challenge) -> dict:
    """A challenge as a list shows it: its state and an excerpt of the problem; the full texts are in the detail."""
    return {
        "id": challenge.id,
        "title": challenge.title,
        "excerpt": excerpt(challenge.problem),
        "area": challenge.area,
        "district": district_json(challenge.district),
        "point": point_json(challenge),
        "tags": challenge.tag_names,
        "sdgs": challenge.sdgs,
        "status": challenge.status.value,
        "owner": person(challenge.owner),
        "organisation": {"id": challenge.organisation.id, "name": challenge.organisation.name}
        if challenge.organisation else None,
        "solution_deadline": _plain(challenge.solution_deadline),
        "supports_count": challenge.supports_count,
        "solutions_count": challenge.solutions_count,
        "adopted_solution_id": challenge.adopted_solution_id,
        "hidden": challenge.hidden,
        "cover": cover_json(challenge.cover),
        "created_at": _plain(challenge.created_at),
        "updated_at": _plain(challenge.updated_at),
    }


def challenges_json(challenges: list[Challenge]) -> list[dict]:
    """A page of challenges, each a summary (issue 17: a page of 20 stays small; texts are in the detail)."""
    return [challenge_summary_json(c) for c in challenges]


def event_json(event: SolutionEvent) -> dict:
    """One entry of a solution's public history."""
    return {
        "kind": event.kind.value,
        "actor": person(event.actor),
        "from_stage": _plain(event.from_stage),
        "to_stage": _plain(event.to_stage),
        "message": event.message,
        "created_at": _plain(event.created_at),
    }


def indicator_json(indicator) -> dict:
    """A declared impact indicator with its actual (the sum of its measured values) and the values."""
    return {"id": indicator.id, "name": indicator.name, "unit": indicator.unit, "kind": indicator.kind.value,
            "baseline": indicator.baseline, "target": indicator.target, "actual": indicator.actual,
            "percent": indicator.percent, "values": [value_json(v) for v in indicator.values]}


def value_json(value) -> dict:
    """A measured value with its date, note and evidence (a file of the solution, or a link)."""
    return {"id": value.id, "date": _plain(value.measured_on), "value": value.value, "note": value.note,
            "link": value.link or None, "evidence_id": value.evidence_id,
            "evidence_url": media_url(value.evidence.key) if value.evidence is not None else None,
            "created_at": _plain(value.created_at)}


def answers_json(solution: Solution, viewer: Any = None) -> dict[str, str]:
    """{question id: answer} for the answers the viewer may read (private ones: owner side, secretariat, team)."""
    return {str(q.id): value for q, value in visible_answers(db.session, viewer, solution)}


def solution_json(solution: Solution, with_history: bool = True, viewer: Any = None) -> dict:
    """A solution: every stage field of the table, its state, team, campaign and (for one solution) history.

    `answers` holds the answers to the challenge's own questions that `viewer` may read."""
    data = {name: _plain(current_value(solution, name)) for name in SOLUTION_FIELDS if name != "indicators"}
    data["indicators"] = [indicator_json(i) for i in solution.indicators]
    data["answers"] = answers_json(solution, viewer)
    data["budget_lines"] = [{"item": line.item, "amount": line.amount, "required": line.required}
                            for line in solution.budget_lines]
    following = solution.stage.next
    data.update({
        "id": solution.id,
        "challenge_id": solution.challenge_id,
        "stage": solution.stage.value,
        "selected": solution.selected,
        "adopted": solution.adopted,
        "goal": solution.goal,
        "optimum": solution.optimum,
        "next_stage": following.value if following else None,
        "missing_for_next_stage": missing_for(solution, following) if following else {},
        "team": [{**person(m.user), "role": m.role.value} for m in solution.team],
        "campaign": campaign_json(solution.campaign),
        "cover": cover_json(solution.cover),
        "created_at": _plain(solution.created_at),
        "updated_at": _plain(solution.updated_at),
        "stage_entered_at": _plain(solution.stage_entered_at),
        "supports_count": solution.supports_count,
        # The answer to an unpicked solution is public once its challenge closed; a reason written earlier is not.
        "outcome": _plain(solution.outcome),
        "outcome_reason": solution.outcome_reason if solution.outcome is not None else None,
        "outcome_at": _plain(solution.outcome_at),
        "carried_from_id": solution.carried_from_id,
    })
    if with_history:
        data["history"] = [event_json(e) for e in solution.events]
        from socialchallenge.pipeline.carry_over import copies_of

        data["carried_to_ids"] = [copy.id for copy in copies_of(object_session(solution), solution)]
    return data


def solution_summary_json(solution: Solution) -> dict:
    """A solution as a list shows it: its state, the idea's summary, team and campaign; the stage texts, budget
    and history are in the detail."""
    return {
        "id": solution.id,
        "challenge_id": solution.challenge_id,
        "title": solution.title,
        "summary": excerpt(solution.summary, 300),
        "stage": solution.stage.value,
        "selected": solution.selected,
        "adopted": solution.adopted,
        "goal": solution.goal,
        "optimum": solution.optimum,
        "team": [{**person(m.user), "role": m.role.value} for m in solution.team],
        "campaign": campaign_json(solution.campaign),
        "cover": cover_json(solution.cover),
        "created_at": _plain(solution.created_at),
        "updated_at": _plain(solution.updated_at),
        "stage_entered_at": _plain(solution.stage_entered_at),
        "supports_count": solution.supports_count,
        "outcome": _plain(solution.outcome),  # the reason itself is in the detail
    }


def solutions_json(solutions: list[Solution]) -> list[dict]:
    """A page of solutions, each a summary."""
    return [solution_summary_json(s) for s in solutions]


def update_json(update: ProgressUpdate) -> dict:
    """A progress update."""
    return {"id": update.id, "solution_id": update.solution_id, "title": update.title, "body": update.body,
            "author": person(update.author), "created_at": _plain(update.created_at),
            "attachments": [{key: value for key, value in attachment_json(a).items() if key != "uploader"}
                            for a in update.attachments]}


def updates_json(updates: list[ProgressUpdate]) -> list[dict]:
    """A page of progress updates."""
    return [update_json(u) for u in updates]
