"""Rewards a team offers backers; limited ones are claimed by a conditional UPDATE so they are never oversold."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import Reward, Solution, User
from socialchallenge.pipeline.access import require_team_member

TITLE_MAX = 120
TEXT_MAX = 2000
FIELDS = {"title", "description", "min_amount", "quantity"}


def _whole(value: Any, low: int, high: int = 100_000_000) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def clean_reward(values: dict[str, Any], partial: bool = False) -> dict[str, Any]:
    """Checked reward fields, else ValidationFailed mapping each bad field to a message."""
    fields, out = {}, {}
    if "title" in values or not partial:
        title = values.get("title")
        if not isinstance(title, str) or not title.strip() or len(title.strip()) > TITLE_MAX:
            fields["title"] = _("Give a title of at most %(n)d characters.", n=TITLE_MAX)
        else:
            out["title"] = title.strip()
    if "description" in values or not partial:
        text = values.get("description", "")
        if not isinstance(text, str) or len(text) > TEXT_MAX:
            fields["description"] = _("Use at most %(n)d characters of text.", n=TEXT_MAX)
        else:
            out["description"] = text.strip()
    if "min_amount" in values or not partial:
        if not _whole(values.get("min_amount"), 1):
            fields["min_amount"] = _("Enter a whole amount of 1 or more.")
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
    quantity = cleaned.get("quantity", reward.quantity)
    if quantity is not None and quantity < reward.claimed:
        raise ValidationFailed(_("Check the fields."), {
            "quantity": _("Backers already claimed %(n)d of this reward.", n=reward.claimed)})
    for name, value in cleaned.items():
        setattr(reward, name, value)
    session.flush()
    return reward


def delete_reward(session: Session, actor: User, reward: Reward, solution: Solution) -> None:
    """A team member removes a reward nobody has claimed yet."""
    require_team_member(actor, solution)
    if reward.claimed:
        raise RuleViolation(_("Backers have claimed this reward; it cannot be removed."), code="reward_claimed")
    session.delete(reward)
    session.flush()


def reward_json(reward: Reward) -> dict:
    """A reward as the API shows it."""
    return {"id": reward.id, "title": reward.title, "description": reward.description,
            "min_amount": reward.min_amount, "quantity": reward.quantity, "claimed": reward.claimed,
            "left": reward.left}
