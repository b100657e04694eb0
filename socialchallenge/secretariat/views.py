"""Secretariat console pages: front page, curation queue and campaign reviews. Staff only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from socialchallenge.core.form_errors import show_errors
from socialchallenge.core.paging import requested_page
from socialchallenge.errors import DomainError, ValidationFailed
from socialchallenge.extensions import db, login_manager
from socialchallenge.models import Organisation
from socialchallenge.secretariat import bp, curation, failed_mail, moderation, resources, reviews
from socialchallenge.secretariat.access import is_staff
from socialchallenge.secretariat.forms import (
    ActionForm,
    MergeForm,
    MinSolutionsForm,
    PrizeTermsForm,
    ReasonForm,
    ReviewForm,
    TagsForm,
    VerifyForm,
    as_int,
)

PER_PAGE = 20


@bp.before_request
def staff_only():
    """Visitors go to sign in; members who are not staff get 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_staff(current_user):
        abort(403)
    return None


def fail(form, exc: DomainError, aliases: dict[str, str] | None = None) -> int:
    """Roll back, put a domain error on the form and say what went wrong; returns the status to answer."""
    db.session.rollback()
    others = show_errors(form, exc.fields, aliases) if isinstance(exc, ValidationFailed) else {}
    flash(exc.message if not others else f"{exc.message} {' '.join(others.values())}", "error")
    return exc.status


@bp.get("/")
def index():
    """The console's front page: what waits for the secretariat."""
    counts = {
        "curation": db.session.scalar(select(func.count()).select_from(curation.queue().order_by(None).subquery())),
        "reviews": db.session.scalar(select(func.count()).select_from(reviews.waiting().order_by(None).subquery())),
        "reported": moderation.counts(db.session)["reported"],
        "requests": db.session.scalar(
            select(func.count()).select_from(resources.open_requests().order_by(None).subquery())),
        "failed_mail": failed_mail.count_failed(db.session),
    }
    return render_template("secretariat/index.html", counts=counts)


@bp.get("/curation")
def curation_queue():
    """New and changed challenges, oldest first."""
    from flask import request

    pagination = db.paginate(curation.queue(),
                             page=requested_page(), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render_template("secretariat/curation.html", pagination=pagination, args=request.args)


def _render_challenge(challenge_id: int, forms: dict | None = None, status: int = 200):
    challenge = curation.get(db.session, challenge_id)
    forms = forms or {}
    original = db.session.get(type(challenge), challenge.merged_into_id) if challenge.merged_into_id else None
    organisation = db.session.get(Organisation, challenge.organisation_id) if challenge.organisation_id else None
    context = {
        "challenge": challenge, "original": original, "organisation": organisation,
        "tags_form": forms.get("tags") or TagsForm(formdata=None),
        "min_form": forms.get("min") or MinSolutionsForm(formdata=None,
                                                         data={"min_solutions": challenge.min_solutions}),
        "merge_form": forms.get("merge") or MergeForm(formdata=None),
        "prize_form": forms.get("prize") or PrizeTermsForm(formdata=None, data={
            "prize_per_winner": challenge.prize_per_winner, "winners": challenge.prize_winners,
            "mentoring_months": challenge.mentoring_months}),
        "hide_form": forms.get("hide") or ReasonForm(formdata=None, prefix="hide"),
        "action_form": ActionForm(), "verify_form": VerifyForm(formdata=None),
    }
    return render_template("secretariat/challenge.html", **context), status


@bp.get("/curation/<int:challenge_id>")
def curate(challenge_id: int):
    """One challenge with the curation actions."""
    return _render_challenge(challenge_id)


def _done(challenge_id: int, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("secretariat.curate", challenge_id=challenge_id))


@bp.post("/curation/<int:challenge_id>/tags")
def retag(challenge_id: int):
    """Add and remove topics."""
    form = TagsForm()
    if not form.validate_on_submit():
        return _render_challenge(challenge_id, {"tags": form}, 400)
    challenge = curation.get(db.session, challenge_id)
    try:
        curation.retag(db.session, current_user, challenge, form.add.data, form.remove.data)
    except ValidationFailed as exc:
        return _render_challenge(challenge_id, {"tags": form}, fail(form, exc, aliases={"tags": "add"}))
    return _done(challenge_id, _("The topics are saved."))


@bp.post("/curation/<int:challenge_id>/min-solutions")
def set_min_solutions(challenge_id: int):
    """Set the selection threshold."""
    form = MinSolutionsForm()
    if not form.validate_on_submit():
        return _render_challenge(challenge_id, {"min": form}, 400)
    challenge = curation.get(db.session, challenge_id)
    try:
        curation.set_min_solutions(db.session, current_user, challenge, as_int(form.min_solutions.data))
    except ValidationFailed as exc:
        return _render_challenge(challenge_id, {"min": form}, fail(form, exc))
    return _done(challenge_id, _("The selection threshold is saved."))


@bp.post("/curation/<int:challenge_id>/prize-terms")
def set_prize_terms(challenge_id: int):
    """Set the prize and mentoring terms of a challenge in no call."""
    form = PrizeTermsForm()
    if not form.validate_on_submit():
        return _render_challenge(challenge_id, {"prize": form}, 400)
    challenge = curation.get(db.session, challenge_id)
    try:
        curation.set_prize_terms(db.session, current_user, challenge, {
            name: as_int(getattr(form, name).data) for name in ("prize_per_winner", "winners", "mentoring_months")})
    except DomainError as exc:
        return _render_challenge(challenge_id, {"prize": form}, fail(form, exc))
    return _done(challenge_id, _("The prize and mentoring terms are saved."))


@bp.post("/curation/<int:challenge_id>/merge")
def merge(challenge_id: int):
    """Merge a duplicate into its original."""
    form = MergeForm()
    if not form.validate_on_submit():
        return _render_challenge(challenge_id, {"merge": form}, 400)
    challenge = curation.get(db.session, challenge_id)
    try:
        original = curation.merge(db.session, current_user, challenge, as_int(form.into_id.data))
    except DomainError as exc:
        return _render_challenge(challenge_id, {"merge": form}, fail(form, exc))
    db.session.commit()
    flash(_("The duplicate is merged into “%(title)s”.", title=original.title), "success")
    return redirect(url_for("secretariat.curate", challenge_id=original.id))


@bp.post("/curation/<int:challenge_id>/hide")
def hide(challenge_id: int):
    """Hide a challenge with a reason."""
    form = ReasonForm(prefix="hide")
    if not form.validate_on_submit():
        return _render_challenge(challenge_id, {"hide": form}, 400)
    challenge = curation.get(db.session, challenge_id)
    try:
        curation.hide(db.session, current_user, challenge, form.reason.data)
    except ValidationFailed as exc:
        return _render_challenge(challenge_id, {"hide": form}, fail(form, exc))
    return _done(challenge_id, _("The challenge is hidden."))


@bp.post("/curation/<int:challenge_id>/unhide")
def unhide(challenge_id: int):
    """Show a hidden challenge again."""
    form = ActionForm()
    if not form.validate_on_submit():
        return _render_challenge(challenge_id, status=400)
    challenge = curation.get(db.session, challenge_id)
    try:
        curation.unhide(db.session, current_user, challenge)
    except DomainError as exc:
        return _render_challenge(challenge_id, status=fail(form, exc))
    return _done(challenge_id, _("The challenge is shown again."))


@bp.post("/curation/<int:challenge_id>/curated")
def mark_curated(challenge_id: int):
    """Take the challenge off the queue."""
    if not ActionForm().validate_on_submit():
        return _render_challenge(challenge_id, status=400)
    curation.mark_curated(db.session, current_user, curation.get(db.session, challenge_id))
    db.session.commit()
    flash(_("Marked as curated."), "success")
    return redirect(url_for("secretariat.curation_queue"))


@bp.post("/organisations/<int:org_id>/verification")
def verify_organisation(org_id: int):
    """Mark an organisation verified or not."""
    form = VerifyForm()
    if not form.validate_on_submit():
        abort(400)
    org = curation.verify_organisation(db.session, current_user, org_id, form.verified.data == "1")
    db.session.commit()
    flash(_("“%(name)s” is verified.", name=org.name) if org.verified
          else _("“%(name)s” is no longer verified.", name=org.name), "success")
    return redirect(url_for("organisations.show", org_id=org_id))


@bp.get("/reviews")
def review_queue():
    """Campaigns waiting for review."""
    return render_template("secretariat/reviews.html", campaigns=db.session.scalars(reviews.waiting()).all())


def _render_review(campaign_id: int, form: ReviewForm | None = None, status: int = 200):
    campaign = reviews.get_campaign(db.session, campaign_id)
    return render_template(
        "secretariat/review.html", campaign=campaign, solution=campaign.solution,
        form=form or ReviewForm(formdata=None), sheets=db.session.scalars(reviews.sheets_of(campaign)).all(),
        checklist=reviews.CHECKLIST,
    ), status


@bp.get("/reviews/<int:campaign_id>")
def review(campaign_id: int):
    """The hearing sheet of a campaign and the decision."""
    return _render_review(campaign_id)


@bp.post("/reviews/<int:campaign_id>")
def decide_review(campaign_id: int):
    """Save the hearing sheet with the decision (approve or request changes) and its message."""
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render_review(campaign_id, form, 400)
    campaign = reviews.get_campaign(db.session, campaign_id)
    try:
        reviews.decide(db.session, current_user, campaign, form.decision.data or "", form.message.data or "",
                       form.checklist.data or [], form.notes.data or "")
    except DomainError as exc:
        return _render_review(campaign_id, form, fail(form, exc))
    db.session.commit()
    flash(_("The decision is saved and the team is told."), "success")
    return redirect(url_for("secretariat.review_queue"))
