"""Curation of challenges: the queue of new and changed ones, tags, the selection threshold, merging a
duplicate into its original, hiding, and verifying organisations. Edits go through pipeline.challenges."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from socialchallenge.accounts.organisations import set_verified
from socialchallenge.core import events
from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import Challenge, ChallengeStatus, Organisation, User
from socialchallenge.models.community import Follow, Support
from socialchallenge.pipeline import challenges as pipeline_challenges
from socialchallenge.secretariat.access import require_staff
from socialchallenge.timeutil import utcnow


def queue() -> Select:
    """Challenges never curated or changed since they were, oldest first (merged duplicates are done)."""
    return (
        select(Challenge)
        .where(Challenge.merged_into_id.is_(None),
               or_(Challenge.curated_at.is_(None), Challenge.updated_at > Challenge.curated_at))
        .options(*pipeline_challenges.list_options())
        .order_by(Challenge.created_at, Challenge.id)
    )


def get(session: Session, challenge_id: Any) -> Challenge:
    """A challenge by id, hidden or not (staff see everything), else NotFound."""
    challenge = session.get(Challenge, challenge_id) if isinstance(challenge_id, int) else None
    if challenge is None:
        raise NotFound(_("There is no such challenge."))
    return challenge


def _state(challenge: Challenge) -> dict:
    return {"tags": list(challenge.tag_names), "min_solutions": challenge.min_solutions, "hidden": challenge.hidden,
            "hidden_reason": challenge.hidden_reason, "status": challenge.status,
            "supports_count": challenge.supports_count, "merged_into_id": challenge.merged_into_id}


def _mark_curated(session: Session, challenge: Challenge) -> None:
    # Set updated_at to itself so its onupdate does not fire: curating is not a change of the challenge.
    session.flush()
    session.execute(
        update(Challenge).where(Challenge.id == challenge.id)
        .values(curated_at=utcnow(), updated_at=Challenge.updated_at),
        execution_options={"synchronize_session": False},
    )
    session.refresh(challenge, ["curated_at", "updated_at"])


def mark_curated(session: Session, actor: User, challenge: Challenge) -> Challenge:
    """Take a challenge off the queue as looked at, without changing it."""
    require_staff(actor)
    before = {"curated_at": challenge.curated_at}
    _mark_curated(session, challenge)
    events.staff_acted.send(session, actor=actor, action="challenge.curated", target=challenge, before=before,
                            after={"curated_at": challenge.curated_at})
    return challenge


def _names(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = raw.split(",")
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ValidationFailed(_("Please correct the marked fields."), {"tags": _("Must be a list of topics.")})
    return [" ".join(v.split()).lower() for v in raw if v.strip()]


def retag(session: Session, actor: User, challenge: Challenge, add: Any = None, remove: Any = None) -> Challenge:
    """Add and remove topics; a challenge keeps at least one."""
    require_staff(actor)
    before = _state(challenge)
    removing = set(_names(remove))
    names = [n for n in challenge.tag_names if n not in removing]
    names += [n for n in _names(add) if n not in names]
    pipeline_challenges.update_challenge(session, actor, challenge, {"tags": names})
    _mark_curated(session, challenge)
    events.staff_acted.send(session, actor=actor, action="challenge.tags", target=challenge,
                            before={"tags": before["tags"]}, after={"tags": challenge.tag_names})
    return challenge


def set_min_solutions(session: Session, actor: User, challenge: Challenge, value: Any) -> Challenge:
    """Set how many solutions at proposal or later open the selection (1–20)."""
    require_staff(actor)
    before = challenge.min_solutions
    pipeline_challenges.update_challenge(session, actor, challenge, {"min_solutions": value})
    _mark_curated(session, challenge)
    events.staff_acted.send(session, actor=actor, action="challenge.min_solutions", target=challenge,
                            before={"min_solutions": before}, after={"min_solutions": challenge.min_solutions})
    return challenge


def set_prize_terms(session: Session, actor: User, challenge: Challenge, values: dict[str, Any]) -> Challenge:
    """Set the prize and mentoring terms of a challenge in no call (prize_per_winner, winners, mentoring_months)."""
    require_staff(actor)
    before = {"prize_per_winner": challenge.prize_per_winner, "winners": challenge.prize_winners,
              "mentoring_months": challenge.mentoring_months}
    pipeline_challenges.update_challenge(session, actor, challenge, values)
    events.staff_acted.send(session, actor=actor, action="challenge.prize_terms", target=challenge, before=before,
                            after={"prize_per_winner": challenge.prize_per_winner, "winners": challenge.prize_winners,
                                   "mentoring_months": challenge.mentoring_months})
    return challenge


def _reason(reason: Any, required: bool = True) -> str:
    return clean_text("reason", reason, required=_("Give a reason.") if required else None,
                      max_length=pipeline_challenges.HIDDEN_REASON_MAX)


def hide(session: Session, actor: User, challenge: Challenge, reason: Any) -> Challenge:
    """Hide a challenge from the public, with a reason."""
    require_staff(actor)
    reason = _reason(reason)
    before = _state(challenge)
    pipeline_challenges.update_challenge(session, actor, challenge, {"hidden": True, "hidden_reason": reason})
    _mark_curated(session, challenge)
    events.staff_acted.send(session, actor=actor, action="challenge.hide", target=challenge,
                            before={"hidden": before["hidden"]}, after={"hidden": True, "hidden_reason": reason})
    return challenge


def unhide(session: Session, actor: User, challenge: Challenge, reason: Any = None) -> Challenge:
    """Show a hidden challenge again (a merged duplicate stays hidden)."""
    require_staff(actor)
    if challenge.merged_into_id is not None:
        raise RuleViolation(_("A merged duplicate stays hidden."), code="merged")
    reason = _reason(reason, required=False)
    before = {"hidden": challenge.hidden, "hidden_reason": challenge.hidden_reason}
    pipeline_challenges.update_challenge(session, actor, challenge, {"hidden": False})
    _mark_curated(session, challenge)
    events.staff_acted.send(session, actor=actor, action="challenge.unhide", target=challenge, before=before,
                            after={"hidden": False, "reason": reason})
    return challenge


def _recount_supports(session: Session, challenge_id: int) -> None:
    count = select(func.count()).select_from(Support).where(Support.challenge_id == challenge_id).scalar_subquery()
    session.execute(
        update(Challenge).where(Challenge.id == challenge_id)
        .values(supports_count=count, updated_at=Challenge.updated_at),
        execution_options={"synchronize_session": False},
    )


def merge(session: Session, actor: User, duplicate: Challenge, original_id: Any) -> Challenge:
    """Merge a duplicate into its original: supports and followers move (nobody counts twice), the duplicate
    is closed, hidden and points to the original. Returns the original."""
    require_staff(actor)
    if isinstance(original_id, bool) or not isinstance(original_id, int):
        raise ValidationFailed(_("Please correct the marked fields."), {"into_id": _("Give a challenge number.")})
    original = session.get(Challenge, original_id)
    if original is None:
        raise ValidationFailed(_("Please correct the marked fields."), {"into_id": _("There is no such challenge.")})
    if original.id == duplicate.id:
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"into_id": _("A challenge cannot be merged into itself.")})
    if duplicate.merged_into_id is not None:
        raise RuleViolation(_("This challenge was already merged."), code="already_merged")
    if original.merged_into_id is not None:
        raise RuleViolation(_("That challenge was itself merged; merge into its original instead."),
                            code="target_merged")
    if duplicate.solutions_count:
        raise RuleViolation(_("This challenge has solutions; a duplicate with solutions cannot be merged."),
                            code="has_solutions")
    before = {"duplicate": _state(duplicate), "original": _state(original)}
    session.flush()
    # Move the supports of members who do not support the original yet; drop the rest (they would count twice).
    supporters = select(Support.user_id).where(Support.challenge_id == original.id)
    session.execute(update(Support).where(Support.challenge_id == duplicate.id, Support.user_id.not_in(supporters))
                    .values(challenge_id=original.id), execution_options={"synchronize_session": False})
    session.execute(delete(Support).where(Support.challenge_id == duplicate.id),
                    execution_options={"synchronize_session": False})
    followers = select(Follow.user_id).where(Follow.challenge_id == original.id)
    session.execute(update(Follow).where(Follow.challenge_id == duplicate.id, Follow.user_id.not_in(followers))
                    .values(challenge_id=original.id), execution_options={"synchronize_session": False})
    session.execute(delete(Follow).where(Follow.challenge_id == duplicate.id),
                    execution_options={"synchronize_session": False})
    _recount_supports(session, original.id)
    _recount_supports(session, duplicate.id)
    session.refresh(original, ["supports_count"])
    session.refresh(duplicate, ["supports_count"])
    duplicate.merged_into_id = original.id
    duplicate.status = ChallengeStatus.closed
    pipeline_challenges.set_hidden(duplicate, True, _("Merged into challenge #%(id)d.", id=original.id))
    _mark_curated(session, duplicate)
    events.staff_acted.send(session, actor=actor, action="challenge.merge", target=duplicate, before=before,
                            after={"duplicate": _state(duplicate), "original": _state(original)})
    return original


def verify_organisation(session: Session, actor: User, organisation_id: Any, verified: Any) -> Organisation:
    """Mark an organisation verified (or not)."""
    require_staff(actor)
    if not isinstance(verified, bool):
        raise ValidationFailed(_("Please correct the marked fields."), {"verified": _("Must be true or false.")})
    org = session.get(Organisation, organisation_id) if isinstance(organisation_id, int) else None
    if org is None:
        raise NotFound(_("There is no such organisation."))
    before = {"verified": org.verified}
    set_verified(session, actor, org, verified)
    events.staff_acted.send(session, actor=actor, action="organisation.verify", target=org, before=before,
                            after={"verified": org.verified})
    return org
