"""The team's page for its campaign: rewards (add, edit, remove) and skill needs with the offers made
towards them (accept, decline). The rules live in funding.rewards and funding.skills, as for the API."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import DomainError, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.funding import rewards, skills
from socialchallenge.funding.forms import ConfirmForm, RewardForm, SkillNeedForm
from socialchallenge.funding.summary import public_campaign
from socialchallenge.funding.views import bp
from socialchallenge.pipeline.access import get_solution, require_team_member

NEW_REWARD = "new-reward"
NEW_NEED = "new-need"


def _team_solution(solution_id: int):
    solution = get_solution(db.session, solution_id, current_user)
    require_team_member(current_user, solution)
    return solution


def _form(failed: dict, key: str, cls, obj=None):
    return failed[key] if key in failed else cls(prefix=key, obj=obj, formdata=None)


def _page(solution, failed: dict | None = None):
    """The page; `failed` holds a submitted form with its errors, by prefix, shown in place of a fresh one."""
    failed = failed or {}
    reward_rows = rewards.rewards_of(db.session, solution.id)
    reward_forms = {r.id: _form(failed, f"reward-{r.id}", RewardForm, obj=r) for r in reward_rows}
    return render_template(
        "funding/manage.html", solution=solution, campaign=public_campaign(solution), rewards=reward_rows,
        reward_forms=reward_forms, pledged=rewards.pledged_reward_ids(db.session, solution.id),
        needs=skills.needs_of(db.session, solution.id),
        new_reward=_form(failed, NEW_REWARD, RewardForm), new_need=_form(failed, NEW_NEED, SkillNeedForm),
    ), (422 if failed else 200)


def _back(solution, anchor: str = ""):
    return redirect(url_for("funding.manage", solution_id=solution.id) + (f"#{anchor}" if anchor else ""))


def _run(solution, action, done: str, anchor: str, form=None, key: str = ""):
    """Run the action and go back to the page saying how it went; a form gets its field errors back instead."""
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        if form is not None and isinstance(exc, ValidationFailed):
            for message in show_errors(form, exc.fields).values():
                flash(message, "error")
            return _page(solution, {key: form})
        flash(exc.message, "error")
        return _back(solution, anchor)
    db.session.commit()
    flash(done, "success")
    return _back(solution, anchor)


def _apply(solution, key: str, form_class, action, done: str, anchor: str):
    """The submitted form's values through the domain action; a form with errors is shown again as sent."""
    form = form_class(prefix=key)
    if not form.validate_on_submit():
        return _page(solution, {key: form})
    return _run(solution, lambda: action(form.values()), done, anchor, form, key)


def _confirmed(solution, action, done: str, anchor: str):
    """A button with only the CSRF token."""
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired. Please submit it again."), "error")
        return _back(solution, anchor)
    return _run(solution, action, done, anchor)


@bp.get("/solutions/<int:solution_id>/campaign/manage")
@login_required
def manage(solution_id: int):
    """The team's rewards and skill needs, with the offers members made."""
    return _page(_team_solution(solution_id))


@bp.post("/solutions/<int:solution_id>/rewards")
@login_required
def add_reward(solution_id: int):
    """The team adds a reward."""
    solution = _team_solution(solution_id)
    return _apply(solution, NEW_REWARD, RewardForm,
                  lambda values: rewards.add_reward(db.session, current_user, solution, values),
                  _("The reward was added."), "rewards")


@bp.post("/solutions/<int:solution_id>/rewards/<int:reward_id>")
@login_required
def edit_reward(solution_id: int, reward_id: int):
    """The team edits a reward (never below what backers already claimed)."""
    solution = _team_solution(solution_id)
    reward = rewards.get_reward(db.session, solution, reward_id)
    return _apply(solution, f"reward-{reward.id}", RewardForm,
                  lambda values: rewards.update_reward(db.session, current_user, reward, solution, values),
                  _("The reward was saved."), f"reward-{reward.id}")


@bp.post("/solutions/<int:solution_id>/rewards/<int:reward_id>/delete")
@login_required
def delete_reward(solution_id: int, reward_id: int):
    """The team removes a reward nobody has claimed."""
    solution = _team_solution(solution_id)
    reward = rewards.get_reward(db.session, solution, reward_id)
    return _confirmed(solution, lambda: rewards.delete_reward(db.session, current_user, reward, solution),
                      _("The reward was removed."), "rewards")


@bp.post("/solutions/<int:solution_id>/skill-needs")
@login_required
def add_skill_need(solution_id: int):
    """The team lists a skill it needs."""
    solution = _team_solution(solution_id)
    return _apply(solution, NEW_NEED, SkillNeedForm,
                  lambda values: skills.add_need(db.session, current_user, solution, values),
                  _("The skill need was added."), "skills")


@bp.post("/solutions/<int:solution_id>/skill-needs/<int:need_id>/delete")
@login_required
def delete_skill_need(solution_id: int, need_id: int):
    """The team removes a skill need, with the offers made towards it."""
    solution = _team_solution(solution_id)
    need = skills.get_need(db.session, solution, need_id)
    return _confirmed(solution, lambda: skills.delete_need(db.session, current_user, solution, need),
                      _("The skill need was removed."), "skills")


@bp.post("/solutions/<int:solution_id>/skill-offers/<int:offer_id>/<any(accept, decline):decision>")
@login_required
def decide_offer(solution_id: int, offer_id: int, decision: str):
    """The team accepts or declines a member's offer of time."""
    solution = _team_solution(solution_id)
    offer = skills.get_offer(db.session, solution, offer_id)
    done = _("You accepted the offer.") if decision == "accept" else _("You declined the offer.")
    return _confirmed(solution, lambda: skills.decide_offer(db.session, current_user, solution, offer, decision),
                      done, f"need-{offer.need_id}")

