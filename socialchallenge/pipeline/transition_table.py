"""The §2.2 transitions as data, beside the stage table: from, to, who moves, the conditions with their error
codes, and what the system does.

The domain (pipeline.transitions) checks a team's move with it, the solution page's "what's next" box offers a
button only when it allows one, and the OpenAPI document describes the advance operation from it. The required
fields of the target stage are always a condition too; they come from the stage table (`missing_for`), with the
challenge's own required questions (`answers.<question id>`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from socialchallenge.models import Campaign, CampaignStatus, ChallengeStatus, Solution, Stage
from socialchallenge.pipeline.solutions import has_progress_update


@dataclass(frozen=True)
class Condition:
    """Something that must hold for a move; when it does not, the move is a 409 with `code` and `message`."""

    code: str
    message: Any
    met: Callable[[Session, Solution], bool] | None  # None: checked by the domain function named in `does`


@dataclass(frozen=True)
class Transition:
    """One move of §2.2."""

    source: Stage
    target: Stage
    who: str  # "team", "secretariat" or "system"
    does: Any  # what happens, in words
    conditions: tuple[Condition, ...] = ()
    needs_fields: bool = True  # the target stage's required fields must be filled (422 listing each one)


def pending_review(solution: Solution) -> Campaign | None:
    """The campaign waiting for the secretariat's review, if any."""
    campaign = solution.campaign
    return campaign if campaign is not None and campaign.status == CampaignStatus.review else None


SELECTED = Condition("not_selected", _l("Only a solution selected by the challenge owner may ask for crowdfunding."),
                     lambda session, solution: bool(solution.selected))
NO_PENDING_REVIEW = Condition("review_pending", _l("The campaign is already waiting for review."),
                              lambda session, solution: pending_review(solution) is None)
CHALLENGE_OPEN = Condition("challenge_closed", _l("This challenge is closed: it takes no new campaigns."),
                           lambda session, solution: solution.challenge.status != ChallengeStatus.closed)
HAS_UPDATE = Condition("no_progress_update", _l("Post at least one progress update before writing up the learnings."),
                       has_progress_update)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Stage.idea, Stage.proposal, "team",
               _l("The solution becomes a proposal; its team and followers are told.")),
    Transition(Stage.proposal, Stage.crowdfunding, "team",
               _l("A campaign waits for the secretariat's review (202); the solution stays a proposal until then."),
               (SELECTED, NO_PENDING_REVIEW, CHALLENGE_OPEN)),
    Transition(Stage.proposal, Stage.crowdfunding, "secretariat",
               _l("Approving the review puts the campaign live (POST /campaigns/{id}/review); every item of the "
                  "hearing sheet must be ticked, else 422 listing the others."),
               (Condition("not_in_review", _l("This campaign is not waiting for review."), None),
                SELECTED, CHALLENGE_OPEN)),
    Transition(Stage.crowdfunding, Stage.experiment, "system",
               _l("When the campaign succeeds, or keeps what it raised, the experiment starts."), needs_fields=False),
    Transition(Stage.crowdfunding, Stage.proposal, "system",
               _l("When an all-or-nothing campaign misses its goal, nobody is charged and the solution is a proposal "
                  "again."), needs_fields=False),
    Transition(Stage.experiment, Stage.learnings, "team",
               _l("The learnings are published; the team and followers are told."), (HAS_UPDATE,)),
)

# Stages from which the team cannot move on, and what it is told.
HELD: dict[Stage, Condition] = {
    Stage.crowdfunding: Condition("campaign_running", _l("The solution moves on by itself when its campaign settles."),
                                  None),
    Stage.learnings: Condition("last_stage", _l("Learnings is the last stage."), None),
}


def team_move(stage: Stage) -> Transition | None:
    """The move the team may ask for from `stage`, or None (HELD says why)."""
    return next((t for t in TRANSITIONS if t.source == stage and t.who == "team"), None)


def blockers(session: Session, solution: Solution) -> list[Condition]:
    """What stops the team's next move now, besides missing fields, in the order the domain checks it."""
    move = team_move(solution.stage)
    if move is None:
        return [HELD[solution.stage]] if solution.stage in HELD else []
    return [c for c in move.conditions if c.met is not None and not c.met(session, solution)]


def describe() -> str:
    """The table in words, for the OpenAPI description of the advance operation (in English, as the rest of the
    document's descriptions, which come from docstrings)."""
    with force_locale("en"):
        return _describe()


def _describe() -> str:
    lines = ["Transitions (SPEC §2.2): from → to, who moves, the refusals (409 with their codes) and what happens. "
             "Missing required fields of the target stage (a proposal's `indicators`: 1 to 5) and missing answers "
             "to the challenge's own required questions asked by then are a 422 listing each one in `fields`; an "
             "answer is named `answers.<question id>`."]
    for t in TRANSITIONS:
        codes = ", ".join(f"`{c.code}`" for c in t.conditions) or "none"
        lines.append(f"- {t.source.value} → {t.target.value} ({t.who}): {t.does} Refusals: {codes}.")
    for stage, held in HELD.items():
        lines.append(f"- from {stage.value} the team cannot move on: `{held.code}` ({held.message})")
    return "\n".join(lines)
