"""Crowdfunding pages: the campaign, pledging, thanks, paying again, offering skills; and the Stripe webhook."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from socialchallenge import pagecache
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import DomainError, NotFound, RuleViolation, ValidationFailed
from socialchallenge.extensions import csrf, db
from socialchallenge.funding import skills, summary
from socialchallenge.funding.checkout import checkout_urls
from socialchallenge.funding.forms import ConfirmForm, OfferForm, PledgeForm
from socialchallenge.funding.pledges import create_pledge, get_pledge, pay_again
from socialchallenge.funding.rewards import rewards_of
from socialchallenge.funding.webhooks import MalformedEvent, handle_event
from socialchallenge.limits import pledge_limit
from socialchallenge.models import Pledge, Solution, TeamMember
from socialchallenge.pagecache.fragments import fragment
from socialchallenge.payments.stripe_provider import WebhookRejected, verify_webhook
from socialchallenge.pipeline.access import get_solution

bp = Blueprint("funding", __name__)
log = logging.getLogger(__name__)


CAMPAIGN_STATUS_LABELS = {"review": _l("In review"), "live": _l("Live"), "succeeded": _l("Succeeded"),
                          "failed": _l("Did not reach its goal"), "cancelled": _l("Cancelled")}
PLEDGE_STATUS_LABELS = {"pending": _l("Awaiting payment"), "authorized": _l("Card saved, charged on success"),
                        "collected": _l("Paid"), "refunded": _l("Refunded"), "released": _l("Not charged"),
                        "failed": _l("Payment failed")}


@bp.app_template_global()
def campaign_status_label(status) -> str:
    """The translated name of a campaign's status (never the raw code)."""
    value = getattr(status, "value", status)
    return CAMPAIGN_STATUS_LABELS.get(value, value)


def campaign_box(solution):
    """Data for templates/funding/_campaign_box.html, or None when the solution has no public campaign."""
    return summary.box(db.session, solution)


def _solution(solution_id: int):
    return get_solution(db.session, solution_id, current_user)


@bp.get("/solutions/<int:solution_id>/campaign")
def campaign(solution_id: int):
    """The campaign page: the live box, the chart, rewards and skill needs."""
    shared = _shared_campaign(solution_id)
    if shared is not None:
        return shared
    solution = _solution(solution_id)
    content = Markup(_campaign_content(solution, signed_in=current_user.is_authenticated,
                                       on_team=current_user.is_authenticated and solution.has_member(current_user)))
    return render_template("funding/campaign.html", solution=solution, content=content)


def _campaign_content(solution, signed_in: bool, on_team: bool) -> str:
    """The campaign page below its head (NotFound when the solution has no public campaign)."""
    data = campaign_box(solution)
    if data is None:
        raise NotFound(_("This solution has no campaign yet."))
    return render_template("funding/_campaign_content.html", solution=solution, box=data,
                           needs=skills.needs_of(db.session, solution.id), offer_form=OfferForm(),
                           signed_in=signed_in, on_team=on_team)


def _shared_campaign(solution_id: int):
    """The campaign page for a reader not on the solution's team (a visitor or a member), its content a shared
    fragment keyed by whether the reader is signed in (issue 17 goal 2): on a hit the view reads only the solution
    and challenge rows and, for a member, whether they are on the team. None for anyone else, for a hidden
    challenge, and without a page store."""
    if pagecache.current_store() is None:  # nothing to share it through: the page as it always was made
        return None
    solution = get_solution(db.session, solution_id, current_user,
                            [joinedload(Solution.cover), joinedload(Solution.challenge)])
    if solution.challenge.hidden:
        return None
    signed_in = current_user.is_authenticated
    if signed_in and db.session.scalar(select(exists().where(TeamMember.solution_id == solution.id,
                                                             TeamMember.user_id == current_user.id))):
        return None  # the team sees the link to manage rewards and skill needs

    def content() -> str:
        return _campaign_content(solution, signed_in=signed_in, on_team=False)

    reader = "member" if signed_in else "visitor"
    return render_template("funding/campaign.html", solution=solution,
                           content=fragment(f"funding.campaign:{reader}", content, csrf=True))


@bp.route("/solutions/<int:solution_id>/pledge", methods=["GET", "POST"])
@login_required
@pledge_limit
def pledge_form(solution_id: int):
    """Choose an amount and a reward; the sandbox confirms at once, Stripe takes the backer to Checkout."""
    solution = _solution(solution_id)
    data = campaign_box(solution)
    if data is None or data["data"]["status"] != "live":
        raise RuleViolation(_("This campaign is not taking pledges now."), code="campaign_not_live")
    rewards = rewards_of(db.session, solution.id)
    form = PledgeForm()
    form.reward.choices = [("", _("No reward, just support"))] + [(str(r.id), r.title) for r in rewards]
    error = None
    if form.validate_on_submit():
        try:
            pledge, url = create_pledge(db.session, current_user, solution, form.amount.data,
                                        checkout_urls(solution.id),
                                        reward_id=int(form.reward.data) if form.reward.data else None,
                                        anonymous=bool(form.anonymous.data))
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields, aliases={"reward_id": "reward"})
        except DomainError as exc:
            db.session.rollback()
            error = exc.message
        else:
            db.session.commit()
            return redirect(url or url_for("funding.thanks", pledge_id=pledge.id))
    status = 422 if (form.errors or error) else 200
    return render_template("funding/pledge.html", solution=solution, box=data, form=form, rewards=rewards,
                           error=error), status


@bp.get("/pledges/return")
@login_required
def checkout_return():
    """Back from Stripe Checkout: show the thanks page of that pledge (the webhook confirms it)."""
    session_id = request.args.get("session_id", "")
    pledge = db.session.scalar(db.select(Pledge).where(Pledge.checkout_session_id == session_id,
                                                       Pledge.backer_id == current_user.id)) if session_id else None
    if pledge is None:
        abort(404)
    return redirect(url_for("funding.thanks", pledge_id=pledge.id))


@bp.get("/pledges/<int:pledge_id>/thanks")
@login_required
def thanks(pledge_id: int):
    """Thank the backer and say where the pledge stands."""
    pledge = get_pledge(db.session, pledge_id, current_user)
    return render_template("funding/thanks.html", pledge=pledge, solution=pledge.campaign.solution)


@bp.route("/pledges/<int:pledge_id>/pay-again", methods=["GET", "POST"])
@login_required
def pay_again_page(pledge_id: int):
    """A backer whose card charge failed pays the pledge within 7 days."""
    pledge = get_pledge(db.session, pledge_id, current_user)
    form = ConfirmForm()
    if form.validate_on_submit():
        url = pay_again(db.session, current_user, pledge, checkout_urls(pledge.campaign.solution_id))
        db.session.commit()
        return redirect(url or url_for("funding.thanks", pledge_id=pledge.id))
    return render_template("funding/pay_again.html", pledge=pledge, form=form, solution=pledge.campaign.solution)


@bp.post("/solutions/<int:solution_id>/skill-needs/<int:need_id>/offer")
@login_required
def offer(solution_id: int, need_id: int):
    """Offer hours towards a skill need, from the campaign page."""
    solution = _solution(solution_id)
    need = skills.get_need(db.session, solution, need_id)
    form = OfferForm()
    if not form.validate_on_submit():
        flash(_("Enter the hours you can give, as a whole number."), "error")
        return redirect(url_for("funding.campaign", solution_id=solution.id) + f"#need-{need.id}")
    try:
        skills.offer_hours(db.session, current_user, need, form.hours.data, form.message.data or "")
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Thank you! The team will answer your offer."), "success")
    return redirect(url_for("funding.campaign", solution_id=solution.id) + f"#need-{need.id}")


@bp.post("/webhooks/stripe")
@csrf.exempt
def stripe_webhook():
    """Stripe events: 400 unless the signature verifies; 200 once handled or already seen."""
    try:
        event = verify_webhook(request.get_data(), request.headers.get("Stripe-Signature"))
    except WebhookRejected as exc:
        log.warning("stripe webhook rejected: %s", exc)
        return {"error": {"code": "bad_signature", "message": _("The signature did not verify.")}}, 400
    try:
        outcome = handle_event(db.session, event)
    except MalformedEvent as exc:
        log.warning("stripe webhook refused, malformed event: %s", exc)
        return {"error": {"code": "malformed_event", "message": _("Not a Stripe event: %(detail)s.", detail=exc)}}, 400
    return {"received": True, "outcome": outcome}
