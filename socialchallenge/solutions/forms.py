"""Solution forms besides the stage forms (which come from the stage table): team and progress updates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField

from socialchallenge.pipeline.teams import ASK_DAYS, MESSAGE_MAX
from socialchallenge.pipeline.updates import TITLE_MAX


class InviteForm(FlaskForm):
    """Invite someone to the team by email; they join once they accept."""

    email = EmailField(_l("Email address"), render_kw={"autocomplete": "off"},
                       description=_l("They join once they accept. Someone without an account is asked to sign up "
                                      "with this address. The invitation stays open for %(n)d days.", n=ASK_DAYS))


class JoinForm(FlaskForm):
    """Ask a team to let you join, with an optional note."""

    message = TextAreaField(_l("A note to the team (optional)"),
                            description=_l("What you would bring, in at most %(n)d characters.", n=MESSAGE_MAX),
                            render_kw={"rows": 3, "maxlength": MESSAGE_MAX})


class UpdateForm(FlaskForm):
    """A progress update: an entry of the experiment log."""

    title = StringField(_l("Title"), description=_l("At most %(n)d characters.", n=TITLE_MAX))
    body = TextAreaField(_l("What happened"))
