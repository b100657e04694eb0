"""Mentoring: secretariat users assigned to a selected solution, and its private mentoring log, readable only by
the team, its mentors and the secretariat."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.core import events
from socialchallenge.core.text import TextProblem, text
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import Solution, User
from socialchallenge.models.secretariat import MentorAssignment, MentoringNote
from socialchallenge.pipeline.access import is_authenticated
from socialchallenge.secretariat.access import is_staff, require_staff

NOTES_MAX = 10_000


def selected_solutions() -> Select:
    """The solutions picked by their challenge's owner (the ones mentoring is for), newest pick first."""
    return (select(Solution).where(Solution.selected.is_(True))
            .options(joinedload(Solution.challenge)).order_by(Solution.selected_at.desc(), Solution.id.desc()))


def mentors_of(session: Session, solution: Solution) -> list[MentorAssignment]:
    """The solution's mentors, in the order they were assigned."""
    return list(session.scalars(
        select(MentorAssignment).where(MentorAssignment.solution_id == solution.id)
        .options(joinedload(MentorAssignment.mentor)).order_by(MentorAssignment.assigned_at)
    ))


def mentor_map(session: Session, solution_ids: list[int]) -> dict[int, list[User]]:
    """solution id → its mentors, for a page of solutions in one query."""
    found: dict[int, list[User]] = {i: [] for i in solution_ids}
    if solution_ids:
        rows = session.scalars(select(MentorAssignment).where(MentorAssignment.solution_id.in_(solution_ids))
                               .options(joinedload(MentorAssignment.mentor)))
        for row in rows:
            found[row.solution_id].append(row.mentor)
    return found


def is_mentor(session: Session, user: Any, solution: Solution) -> bool:
    """Whether the user is assigned to mentor the solution."""
    if not is_authenticated(user):
        return False
    return session.get(MentorAssignment, (solution.id, user.id)) is not None


def can_read_log(session: Session, user: Any, solution: Solution) -> bool:
    """The team, the solution's mentors and the secretariat."""
    if not is_authenticated(user):
        return False
    return is_staff(user) or solution.has_member(user) or is_mentor(session, user, solution)


def can_write_log(session: Session, user: Any, solution: Solution) -> bool:
    """The solution's mentors and the secretariat write the log."""
    return is_authenticated(user) and (is_staff(user) or is_mentor(session, user, solution))


def assign(session: Session, actor: User, solution: Solution, mentor_id: Any) -> MentorAssignment:
    """Assign a secretariat user as a mentor of a selected solution (again: nothing changes)."""
    require_staff(actor)
    mentor = session.get(User, mentor_id) if isinstance(mentor_id, int) and not isinstance(mentor_id, bool) else None
    if mentor is None or not mentor.is_secretariat:
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"mentor_id": _("Choose a member of the secretariat.")})
    if not solution.selected:
        raise RuleViolation(_("Mentors are assigned to solutions the challenge owner selected."), code="not_selected")
    existing = session.get(MentorAssignment, (solution.id, mentor.id))
    if existing is not None:
        return existing
    row = MentorAssignment(solution_id=solution.id, mentor_id=mentor.id, assigned_by_id=actor.id)
    session.add(row)
    session.flush()
    events.staff_acted.send(session, actor=actor, action="mentor.assign", target=solution, before={"mentor_id": None},
                            after={"mentor_id": mentor.id})
    return row


def unassign(session: Session, actor: User, solution: Solution, mentor_id: int) -> None:
    """Take a mentor off a solution (NotFound when they were not on it)."""
    require_staff(actor)
    row = session.get(MentorAssignment, (solution.id, mentor_id))
    if row is None:
        raise NotFound(_("This person does not mentor this solution."))
    session.delete(row)
    session.flush()
    events.staff_acted.send(session, actor=actor, action="mentor.unassign", target=solution,
                            before={"mentor_id": mentor_id}, after={"mentor_id": None})


def log_of(session: Session, viewer: Any, solution: Solution) -> list[MentoringNote]:
    """The private mentoring log, newest meeting first; NotAllowed for anyone but team, mentors and staff."""
    if not can_read_log(session, viewer, solution):
        raise NotAllowed(_("The mentoring log is private to the team, its mentors and the secretariat."))
    return list(session.scalars(
        select(MentoringNote).where(MentoringNote.solution_id == solution.id)
        .options(joinedload(MentoringNote.author)).order_by(MentoringNote.met_on.desc(), MentoringNote.id.desc())
    ))


def _text(fields: dict, name: str, value: Any, required: bool) -> str:
    try:
        return text(value, required=_("Fill this in.") if required else None, max_length=NOTES_MAX)
    except TextProblem as problem:
        fields[name] = problem.message
        return ""


def add_note(session: Session, actor: User, solution: Solution, met_on: Any, notes: Any,
             next_steps: Any = "") -> MentoringNote:
    """Write an entry in the mentoring log: the meeting's date, notes and agreed next steps."""
    if not can_write_log(session, actor, solution):
        raise NotAllowed(_("Only the solution's mentors and the secretariat write the mentoring log."))
    fields: dict[str, str] = {}
    day = met_on
    if isinstance(met_on, str):
        try:
            day = date.fromisoformat(met_on.strip())
        except ValueError:
            day = None
    if not isinstance(day, date):
        fields["met_on"] = _("Give the date of the meeting (YYYY-MM-DD).")
    notes = _text(fields, "notes", notes, True)
    next_steps = _text(fields, "next_steps", next_steps, False)
    if fields:
        raise ValidationFailed(_("Please correct the marked fields."), fields)
    note = MentoringNote(solution_id=solution.id, author_id=actor.id, met_on=day, notes=notes, next_steps=next_steps)
    session.add(note)
    session.flush()
    events.staff_acted.send(session, actor=actor, action="mentoring.note", target=solution, before=None,
                            after={"note_id": note.id, "met_on": day, "notes": notes, "next_steps": next_steps})
    return note
