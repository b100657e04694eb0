"""Solution forms besides the stage forms (which come from the stage table): team and progress updates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField

from socialchallenge.pipeline.updates import TITLE_MAX


class InviteForm(FlaskForm):
    """Add a registered member to the team by email."""

    email = EmailField(_l("Email of the member to add"), render_kw={"autocomplete": "off"},
                       description=_l("They need an account on SocialChallenge."))


class UpdateForm(FlaskForm):
    """A progress update: an entry of the experiment log."""

    title = StringField(_l("Title"), description=_l("At most %(n)d characters.", n=TITLE_MAX))
    body = TextAreaField(_l("What happened"))
