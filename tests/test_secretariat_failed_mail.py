"""The secretariat's list of failed mail (issue 12 item 6): each error shown, a mail sent again, audited."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.mail import deliver_due, queue_mail
from socialchallenge.models import OutboxMail
from socialchallenge.models.secretariat import AuditEntry
from socialchallenge.timeutil import utcnow
from tests.builders import make_token, make_user
from tests.fake_smtp import FakeSmtpServer
from tests.helpers import submit

EN = {"Accept-Language": "en"}


def refuse_one_mail(app) -> OutboxMail:
    """A mail to a mailbox the server says does not exist, delivered once (and so given up)."""
    server = FakeSmtpServer()
    app.config.update(server.config())
    try:
        queue_mail(db.session, "refused@example.org", "Your campaign is live", "Secret reset link")
        queue_mail(db.session, "ok@example.org", "Hello", "Body")
        db.session.commit()
        assert deliver_due(db.session, now=utcnow()) == (1, 0, 1)
    finally:
        server.stop()
    return db.session.scalar(select(OutboxMail).where(OutboxMail.failed.is_(True)))


def test_the_console_lists_failed_mail_with_its_error(client, auth, app):
    refuse_one_mail(app)
    auth.login(make_user(role="secretariat"))
    console = client.get("/secretariat/", headers=EN).get_data(as_text=True)
    assert 'href="/secretariat/mail"' in console and "1 mail could not be delivered" in console
    page = client.get("/secretariat/mail", headers=EN).get_data(as_text=True)
    assert "refused@example.org" in page and "Your campaign is live" in page
    assert "550 5.1.1 No such user here" in page
    assert "Secret reset link" not in page and "ok@example.org" not in page


def test_members_cannot_see_failed_mail(client, auth, api, app):
    refuse_one_mail(app)
    member = make_user()
    assert api.get("/api/v1/secretariat/mail/failed", token=make_token(member)).status_code == 403
    auth.login(member)
    assert client.get("/secretariat/mail").status_code == 403


def test_sending_a_failed_mail_again_puts_it_back_in_the_outbox_and_is_audited(client, auth, app):
    mail = refuse_one_mail(app)
    staff = make_user(role="secretariat", name="Park Staff")
    auth.login(staff)
    response = submit(client, f"/secretariat/mail/{mail.id}/send-again", page="/secretariat/mail", headers=EN)
    assert response.status_code == 302
    assert "back in the outbox" in client.get("/secretariat/mail", headers=EN).get_data(as_text=True)
    db.session.refresh(mail)
    assert not mail.failed and mail.failed_at is None and mail.next_attempt_at <= utcnow()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "mail.send_again"))
    assert entry.actor_id == staff.id and entry.target_id == mail.id and "550" in entry.before["last_error"]
    # Once back in the outbox it is no failed mail to send again.
    assert submit(client, f"/secretariat/mail/{mail.id}/send-again", page="/secretariat/mail").status_code == 404


def test_failed_mail_through_the_api(api, app):
    mail = refuse_one_mail(app)
    token = make_token(make_user(role="secretariat"))
    listed = api.get("/api/v1/secretariat/mail/failed", token=token).get_json()
    assert listed["total"] == 1
    assert listed["items"][0]["to"] == "refused@example.org" and listed["items"][0]["error"].startswith("550")
    again = api.post(f"/api/v1/secretariat/mail/{mail.id}/send-again", token=token)
    assert again.status_code == 200 and again.get_json() == {"id": mail.id, "failed": False}
    assert api.get("/api/v1/secretariat/mail/failed", token=token).get_json()["total"] == 0
    assert api.post(f"/api/v1/secretariat/mail/{mail.id}/send-again", token=token).status_code == 404
