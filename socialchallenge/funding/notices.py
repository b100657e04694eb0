"""Mail to backers about their pledges, in each backer's language, through the outbox."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from socialchallenge.i18n import money
from socialchallenge.mail import queue_mail
from socialchallenge.models import Pledge, User


def absolute_url(path: str) -> str:
    """A full link for a mail: from the request when there is one, else from SERVER_NAME (workers)."""
    if has_request_context():
        return request.url_root.rstrip("/") + path
    server = current_app.config.get("SERVER_NAME")
    scheme = current_app.config.get("PREFERRED_URL_SCHEME", "https")
    return f"{scheme}://{server}{path}" if server else path


def _locale(user: User) -> str:
    return getattr(user, "locale", None) or current_app.config["BABEL_DEFAULT_LOCALE"]


def mail_charge_failed(session: Session, pledge: Pledge) -> None:
    """Tell the backer the card charge failed and how to pay within the 7 days."""
    backer = pledge.backer
    if backer is None:
        return
    link = absolute_url(f"/pledges/{pledge.id}/pay-again")
    with force_locale(_locale(backer)):
        subject = _("Your pledge to %(title)s could not be charged", title=pledge.campaign.solution.title)
        body = "\n\n".join([
            _("Hello %(name)s,", name=backer.name),
            _("The campaign you backed reached its goal, but charging your card for %(amount)s "
              "did not work (%(reason)s).", amount=money(pledge.amount, pledge.campaign.currency),
              reason=pledge.charge_error or _("declined")),
            _("You can pay your pledge until %(date)s UTC here: %(link)s",
              date=pledge.retry_until.strftime("%Y-%m-%d %H:%M") if pledge.retry_until else "", link=link),
            _("If you do nothing, the pledge lapses and nothing is charged."),
        ])
    queue_mail(session, backer.email, subject, body)


def mail_settled(session: Session, pledge: Pledge, succeeded: bool) -> None:
    """Tell a backer how the campaign ended and what happens to the pledge."""
    backer = pledge.backer
    if backer is None:
        return
    title = pledge.campaign.solution.title
    with force_locale(_locale(backer)):
        if succeeded:
            subject = _("%(title)s reached its goal", title=title)
            what = (_("Your card will now be charged %(amount)s.",
                      amount=money(pledge.amount, pledge.campaign.currency))
                    if pledge.status.value == "authorized" else _("Thank you for your pledge."))
        else:
            subject = _("%(title)s did not reach its goal", title=title)
            what = _("Nothing will be charged: your pledge has been released.")
        body = "\n\n".join([_("Hello %(name)s,", name=backer.name), subject + ".", what])
    queue_mail(session, backer.email, subject, body)
