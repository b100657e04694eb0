"""A challenge's own questions (Kokeilun Paikka v2): who sets them, their limits, and who may read private answers."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from socialchallenge.core import events
from socialchallenge.core.text import TextProblem, text
from socialchallenge.errors import NotAllowed, ValidationFailed
from socialchallenge.models import Challenge, ChallengeQuestion, QuestionKind, Solution, Stage, User
from socialchallenge.pipeline.access import can_manage, is_authenticated
from socialchallenge.pipeline.stages import (
    ANSWERS_PREFIX,
    MAX_QUESTION_CHOICES,
    MAX_QUESTIONS,
    QUESTION_CHOICE_MAX,
    QUESTION_PROMPT_MAX,
)
from socialchallenge.timeutil import utcnow

QUESTION_KEYS = {"id", "prompt", "kind", "choices", "required", "public", "stage"}


def can_set_questions(session: Session, user: Any, challenge: Challenge) -> bool:
    """The challenge's owner side and the secretariat set its questions."""
    return is_authenticated(user) and (user.is_secretariat or can_manage(session, user, challenge))


def may_read_private(session: Session, user: Any, solution: Solution) -> bool:
    """Private answers are for the challenge's owner side, the secretariat and the team that wrote them."""
    if not is_authenticated(user):
        return False
    return user.is_secretariat or solution.has_member(user) or can_manage(session, user, solution.challenge)


def visible_answers(session: Session, viewer: Any, solution: Solution) -> list[tuple[ChallengeQuestion, str]]:
    """(question, answer) for each answered question the viewer may read, in the challenge's order."""
    questions = solution.challenge.questions
    private_too = any(not q.public for q in questions) and may_read_private(session, viewer, solution)
    answers = {a.question_id: a.value for a in solution.answers}
    return [(q, answers[q.id]) for q in solution.challenge.questions
            if answers.get(q.id) and (q.public or private_too)]


def _clean_question(number: int, raw: Any, existing: dict[int, ChallengeQuestion]) -> tuple[dict, dict[str, str]]:
    key = f"questions.{number}"
    if not isinstance(raw, dict):
        return {}, {key: _("Question %(n)d: must be an object.", n=number)}
    unknown = sorted(set(raw) - QUESTION_KEYS)
    if unknown:
        return {}, {key: _("Question %(n)d: unknown fields: %(names)s.", n=number, names=", ".join(unknown))}
    problems, row = {}, {"id": raw.get("id")}
    if row["id"] is not None and row["id"] not in existing:
        problems[key] = _("Question %(n)d: this challenge has no question %(id)s.", n=number, id=row["id"])
    try:
        row["prompt"] = text(raw.get("prompt") if isinstance(raw.get("prompt"), str) else None,
                             required=_("Question %(n)d: write the question.", n=number),
                             max_length=QUESTION_PROMPT_MAX, single_line=True,
                             too_long=_("Question %(n)d: use at most %(max)d characters.", n=number,
                                        max=QUESTION_PROMPT_MAX))
    except TextProblem as problem:
        problems[key] = problem.message
    kinds = [k.value for k in QuestionKind]
    if raw.get("kind") not in kinds:
        problems[f"{key}.kind"] = _("Question %(n)d: choose how it is answered (%(kinds)s).", n=number,
                                    kinds=", ".join(kinds))
    row["kind"] = raw.get("kind")
    choices = raw.get("choices") or []
    if isinstance(choices, str):  # one per line, from the web form
        choices = choices.splitlines()
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        problems[f"{key}.choices"] = _("Question %(n)d: the choices must be a list of texts.", n=number)
        choices = []
    choices = [" ".join(c.split()) for c in choices if c.strip()]
    if row["kind"] == "choice" and not 2 <= len(choices) <= MAX_QUESTION_CHOICES:
        problems[f"{key}.choices"] = _("Question %(n)d: give 2 to %(max)d choices.", n=number,
                                       max=MAX_QUESTION_CHOICES)
    elif any(len(c) > QUESTION_CHOICE_MAX for c in choices):
        problems[f"{key}.choices"] = _("Question %(n)d: each choice may have at most %(max)d characters.", n=number,
                                       max=QUESTION_CHOICE_MAX)
    row["choices"] = list(dict.fromkeys(choices)) if row["kind"] == "choice" else []
    for flag, default in (("required", True), ("public", True)):
        value = raw.get(flag, default)
        if not isinstance(value, bool):
            problems[f"{key}.{flag}"] = _("Question %(n)d: %(flag)s must be true or false.", n=number, flag=flag)
        row[flag] = value
    stages = [s.value for s in Stage]
    if raw.get("stage", Stage.idea.value) not in stages:
        problems[f"{key}.stage"] = _("Question %(n)d: choose the stage it is asked at (%(stages)s).", n=number,
                                     stages=", ".join(stages))
    row["stage"] = raw.get("stage", Stage.idea.value)
    return row, problems


def set_questions(session: Session, actor: User, challenge: Challenge, rows: Any) -> list[ChallengeQuestion]:
    """Replace the challenge's questions with `rows` (kept by id, so their answers stay); at most 10."""
    if not can_set_questions(session, actor, challenge):
        raise NotAllowed(_("Only the owner of the challenge or the secretariat may set its questions."))
    if not isinstance(rows, list):
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"questions": _("Must be a list of questions.")})
    if len(rows) > MAX_QUESTIONS:
        raise ValidationFailed(_("Please correct the marked fields."), {
            "questions": _("A challenge may ask at most %(n)d questions; this list has %(count)d.", n=MAX_QUESTIONS,
                           count=len(rows))})
    existing = {q.id: q for q in challenge.questions}
    cleaned, problems = [], {}
    for number, raw in enumerate(rows, start=1):
        row, found = _clean_question(number, raw, existing)
        cleaned.append(row)
        problems.update(found)
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    before = [question_json(q) for q in challenge.questions]
    questions = []
    for position, row in enumerate(cleaned):
        question = existing.get(row["id"]) or ChallengeQuestion(created_at=utcnow())
        question.position, question.prompt, question.kind = position, row["prompt"], QuestionKind(row["kind"])
        question.choices, question.required, question.public = row["choices"], row["required"], row["public"]
        question.stage = Stage(row["stage"])
        questions.append(question)
    challenge.questions = questions
    session.flush()
    if actor.is_secretariat:  # the audit log records staff actions; the owner side edits its own challenge
        after = {"questions": [question_json(q) for q in questions]}
        events.staff_acted.send(session, actor=actor, action="challenge.questions", target=challenge,
                                before={"questions": before}, after=after)
    return questions


def question_json(question: ChallengeQuestion) -> dict:
    """A question in the API's shape (answered in the solution's `answers` under its id)."""
    return {"id": question.id, "prompt": question.prompt, "kind": question.kind.value, "choices": question.choices,
            "required": question.required, "public": question.public, "stage": question.stage.value,
            "field": f"{ANSWERS_PREFIX}{question.id}"}
