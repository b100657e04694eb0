"""API: campaigns, pledges, manual contributions, rewards, skill needs and offers, pledges over time."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, load_only

from socialchallenge.api import bp
from socialchallenge.api.helpers import bearer_user, json_body, paged, token_required
from socialchallenge.core.plain import iso
from socialchallenge.errors import NotFound
from socialchallenge.extensions import db
from socialchallenge.funding import rewards, skills
from socialchallenge.funding.checkout import checkout_urls
from socialchallenge.funding.pledges import create_pledge, get_pledge, pay_again, pledge_json, record_contribution
from socialchallenge.funding.summary import history
from socialchallenge.limits import pledge_limit
from socialchallenge.models import Campaign, Challenge, Pledge, Solution
from socialchallenge.pipeline.access import get_solution, visible_solution


def _solution(solution_id: int):
    return get_solution(db.session, solution_id, bearer_user())


def _campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_("There is no such campaign."))
    get_solution(db.session, campaign.solution_id, bearer_user())  # hidden challenges hide their campaigns
    return campaign


# The solution, its challenge (who may see it) and its campaigns (the live one) in one statement, built once. Only
# the columns pledging reads (a solution's and a challenge's texts are most of their rows); any other is read if used.
_SOLUTION_TO_BACK = select(Solution).where(Solution.id == bindparam("solution_id")).options(
    load_only(Solution.title, Solution.challenge_id),
    joinedload(Solution.challenge).load_only(Challenge.status, Challenge.hidden, Challenge.call_id,
                                             Challenge.owner_id, Challenge.organisation_id),
    joinedload(Solution.campaigns).load_only(Campaign.solution_id, Campaign.status, Campaign.deadline,
                                             Campaign.funding_model, Campaign.currency),
).execution_options(populate_existing=True)


@bp.post("/solutions/<int:solution_id>/pledges")
@token_required
@pledge_limit
def pledge(solution_id: int):
    """Pledge money: 201 with the pledge and where to pay (null when the provider confirmed at once)."""
    data = json_body({"amount", "reward_id", "anonymous"})
    solution = visible_solution(db.session, db.session.execute(_SOLUTION_TO_BACK, {"solution_id": solution_id})
                                .unique().scalar_one_or_none(), bearer_user())
    created, url = create_pledge(db.session, g.api_user, solution, data.get("amount"), checkout_urls(solution_id),
                                 reward_id=data.get("reward_id"), anonymous=data.get("anonymous", False))
    answer = {"pledge": pledge_json(created), "checkout_url": url}  # as saved: no reading it back after the commit
    db.session.commit()
    return answer, 201


@bp.get("/me/pledges")
@token_required
def my_pledges():
    """Your pledges, newest first, with the solution each backs (a failed one can be paid again until retry_until)."""
    query = (db.select(Pledge).where(Pledge.backer_id == g.api_user.id)
             .options(joinedload(Pledge.campaign)).order_by(Pledge.created_at.desc(), Pledge.id.desc()))
    return paged(query, lambda rows: [{**pledge_json(p), "solution_id": p.campaign.solution_id,
                                       "reward_id": p.reward_id, "anonymous": p.anonymous,
                                       "created_at": iso(p.created_at), "retry_until": iso(p.retry_until)}
                                      for p in rows])


@bp.post("/pledges/<int:pledge_id>/pay-again")
@token_required
def pay_pledge_again(pledge_id: int):
    """Pay a pledge whose card charge failed, within its 7 days: where to pay (null when confirmed at once)."""
    pledge = get_pledge(db.session, pledge_id, g.api_user)
    url = pay_again(db.session, g.api_user, pledge, checkout_urls(pledge.campaign.solution_id))
    db.session.commit()
    return {"pledge": pledge_json(pledge), "checkout_url": url}


@bp.post("/campaigns/<int:campaign_id>/contributions")
@token_required
def contribution(campaign_id: int):
    """The secretariat records money received outside the site (grant, transfer, prize money)."""
    data = json_body({"amount", "note"})
    created = record_contribution(db.session, g.api_user, _campaign(campaign_id), data.get("amount"),
                                  data.get("note"))
    db.session.commit()
    return {"pledge": pledge_json(created)}, 201


@bp.get("/campaigns/<int:campaign_id>/history")
def campaign_history(campaign_id: int):
    """Money pledged per day and the running total, for the chart; no personal data."""
    campaign = _campaign(campaign_id)
    return {"campaign_id": campaign.id, "currency": campaign.currency, "goal": campaign.goal,
            "items": history(db.session, campaign)}


# --- rewards ---

@bp.get("/solutions/<int:solution_id>/rewards")
def list_rewards(solution_id: int):
    """The solution's rewards, cheapest first."""
    solution = _solution(solution_id)
    return {"items": [rewards.reward_json(r) for r in rewards.rewards_of(db.session, solution.id)]}


@bp.post("/solutions/<int:solution_id>/rewards")
@token_required
def add_reward(solution_id: int):
    """A team member adds a reward."""
    reward = rewards.add_reward(db.session, g.api_user, _solution(solution_id), json_body(rewards.FIELDS))
    db.session.commit()
    return rewards.reward_json(reward), 201


@bp.patch("/solutions/<int:solution_id>/rewards/<int:reward_id>")
@token_required
def update_reward(solution_id: int, reward_id: int):
    """A team member edits a reward."""
    solution = _solution(solution_id)
    reward = rewards.get_reward(db.session, solution, reward_id)
    rewards.update_reward(db.session, g.api_user, reward, solution, json_body(rewards.FIELDS))
    db.session.commit()
    return rewards.reward_json(reward)


@bp.delete("/solutions/<int:solution_id>/rewards/<int:reward_id>")
@token_required
def delete_reward(solution_id: int, reward_id: int):
    """A team member removes an unclaimed reward."""
    solution = _solution(solution_id)
    rewards.delete_reward(db.session, g.api_user, rewards.get_reward(db.session, solution, reward_id), solution)
    db.session.commit()
    return "", 204


# --- skill needs and offers ---

@bp.get("/solutions/<int:solution_id>/skill-needs")
def list_skill_needs(solution_id: int):
    """The solution's skill needs; the team also sees each offer."""
    solution = _solution(solution_id)
    team = solution.has_member(bearer_user())
    return {"items": [skills.need_json(n, show_offers=team) for n in skills.needs_of(db.session, solution.id)],
            "hours": skills.hours_summary(db.session, solution.id)}


@bp.post("/solutions/<int:solution_id>/skill-needs")
@token_required
def add_skill_need(solution_id: int):
    """A team member lists a skill need."""
    need = skills.add_need(db.session, g.api_user, _solution(solution_id),
                           json_body({"skill", "hours", "description"}))
    db.session.commit()
    return skills.need_json(need), 201


@bp.delete("/solutions/<int:solution_id>/skill-needs/<int:need_id>")
@token_required
def delete_skill_need(solution_id: int, need_id: int):
    """A team member removes a skill need."""
    solution = _solution(solution_id)
    skills.delete_need(db.session, g.api_user, solution, skills.get_need(db.session, solution, need_id))
    db.session.commit()
    return "", 204


@bp.post("/solutions/<int:solution_id>/skill-needs/<int:need_id>/offers")
@token_required
def offer_skill(solution_id: int, need_id: int):
    """A member offers hours towards a skill need."""
    data = json_body({"hours", "message"})
    need = skills.get_need(db.session, _solution(solution_id), need_id)
    offer = skills.offer_hours(db.session, g.api_user, need, data.get("hours"), data.get("message", ""))
    db.session.commit()
    return skills.offer_json(offer), 201


@bp.post("/solutions/<int:solution_id>/skill-offers/<int:offer_id>/decision")
@token_required
def decide_skill_offer(solution_id: int, offer_id: int):
    """A team member accepts or declines an offer: {"decision": "accept" | "decline"}."""
    data = json_body({"decision"})
    solution = _solution(solution_id)
    offer = skills.get_offer(db.session, solution, offer_id)
    skills.decide_offer(db.session, g.api_user, solution, offer, data.get("decision"))
    db.session.commit()
    return skills.offer_json(offer)
