"""Rewards a team offers backers; limited ones are claimed by a conditional UPDATE so they are never oversold."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, true, update
from sqlalchemy.orm import Session

from socialchallenge.core.text import TextProblem, text
from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.i18n import money
from socialchallenge.models import Pledge, Reward, Solution, User
from socialchallenge.pipeline.access import require_team_member

TITLE_MAX = 120
TEXT_MAX = 2000
AMOUNT_MAX = 100_000_000
FIELDS = {"title", "description", "min_amount", "quantity"}


def _whole(value: Any, low: int, high: int = AMOUNT_MAX) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def clean_reward(values: dict[str, Any], partial: bool = False) -> dict[str, Any]:
    """Checked reward fields, else ValidationFailed mapping each bad field to a message."""
    fields, out = {}, {}
    if "title" in values or not partial:
        title = values.get("title")
        give = _("Give a title of at most %(n)d characters.", n=TITLE_MAX)
        try:
            out["title"] = text(title if isinstance(title, str) else None, required=give, max_length=TITLE_MAX,
                                too_long=give, single_line=True)
        except TextProblem as problem:
            fields["title"] = problem.message
    if "description" in values or not partial:
        description = values.get("description", "")
        too_long = _("Use at most %(n)d characters of text.", n=TEXT_MAX)
        try:
            out["description"] = text(description, max_length=TEXT_MAX, too_long=too_long)
        except TextProblem as problem:
            fields["description"] = problem.message
    if "min_amount" in values or not partial:
        if not _whole(values.get("min_amount"), 1):
            fields["min_amount"] = _("Enter a whole amount from 1 to %(n)s.", n=money(AMOUNT_MAX))
        else:
            out["min_amount"] = values["min_amount"]
    if "quantity" in values or not partial:
        quantity = values.get("quantity")
        if quantity is not None and not _whole(quantity, 1, 1_000_000):
            fields["quantity"] = _("Leave empty for unlimited, or enter a whole number of 1 or more.")
        else:
            out["quantity"] = quantity
    if fields:
        raise ValidationFailed(_("Check the fields."), fields)
    return out


def rewards_of(session: Session, solution_id: int) -> list[Reward]:
    """The solution's rewards, cheapest first."""
    return list(session.scalars(
        select(Reward).where(Reward.solution_id == solution_id).order_by(Reward.min_amount, Reward.id)))


def pledged_reward_ids(session: Session, solution_id: int) -> set[int]:
    """The solution's rewards that any pledge names, whatever its state (one query)."""
    return set(session.scalars(select(Pledge.reward_id).join(Reward, Reward.id == Pledge.reward_id)
                               .where(Reward.solution_id == solution_id).distinct()))


def get_reward(session: Session, solution: Solution, reward_id: int) -> Reward:
    """A reward of this solution, else NotFound."""
    reward = session.get(Reward, reward_id)
    if reward is None or reward.solution_id != solution.id:
        raise NotFound(_("There is no such reward."))
    return reward


def add_reward(session: Session, actor: User, solution: Solution, values: dict[str, Any]) -> Reward:
    """A team member adds a reward."""
    require_team_member(actor, solution)
    reward = Reward(solution_id=solution.id, **clean_reward(values))
    session.add(reward)
    session.flush()
    return reward


def update_reward(session: Session, actor: User, reward: Reward, solution: Solution, values: dict[str, Any]) -> Reward:
    """A team member edits a reward; the quantity cannot drop below what backers already claimed."""
    require_team_member(actor, solution)
    cleaned = clean_reward(values, partial=True)
    if "quantity" in cleaned:
        # The WHERE clause decides, as claims do: a pledge claiming one at this moment cannot be oversold.
        quantity = cleaned.pop("quantity")
        fits = (Reward.claimed <= quantity) if quantity is not None else true()
        done = session.execute(update(Reward).where(Reward.id == reward.id, fits).values(quantity=quantity)
                               .execution_options(synchronize_session=False))
        session.refresh(reward, ["quantity", "claimed"])
        if done.rowcount != 1:
            raise ValidationFailed(_("Check the fields."), {
                "quantity": _("Backers already claimed %(n)d of this reward.", n=reward.claimed)})
    for name, value in cleaned.items():
        setattr(reward, name, value)
    session.flush()
    return reward


def delete_reward(session: Session, actor: User, reward: Reward, solution: Solution) -> None:
    """A team member removes a reward nobody has claimed yet."""
    require_team_member(actor, solution)
    # Pledges that came to nothing gave their claim back, but still name the reward: they keep it too.
    if reward.claimed or session.scalar(select(Pledge.id).where(Pledge.reward_id == reward.id).limit(1)):
        raise RuleViolation(_("Backers have claimed this reward; it cannot be removed."), code="reward_claimed")
    session.delete(reward)
    session.flush()


def reward_json(reward: Reward) -> dict:
    """A reward as the API shows it."""
    return {"id": reward.id, "title": reward.title, "description": reward.description,
            "min_amount": reward.min_amount, "quantity": reward.quantity, "claimed": reward.claimed,
            "left": reward.left}
