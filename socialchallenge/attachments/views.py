"""Attachment pages: the images-and-files page of a challenge, solution or update, covers, and serving stored files."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from socialchallenge.attachments import bp, service
from socialchallenge.attachments.files import EXTENSIONS, KEY_PATTERN
from socialchallenge.attachments.forms import CoverForm, RemoveForm, UploadForm
from socialchallenge.attachments.storage import storage
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import RuleViolation, TooLarge, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Event, Solution
from socialchallenge.pipeline import challenges, solutions
from socialchallenge.pipeline.access import get_challenge, get_solution

YEAR = 365 * 24 * 3600


@bp.get("/media/<path:key>")
def media(key: str):
    """A stored file. Its name is its content's hash, so browsers and proxies may keep it for a year unasked."""
    if not KEY_PATTERN.fullmatch(key):
        abort(404)
    etag = key.rsplit("/", 1)[-1].split(".")[0]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        stored = storage().open(key)
        if stored is None:
            abort(404)
        response = Response(stored.chunks, mimetype=EXTENSIONS[key.rsplit(".", 1)[1]], direct_passthrough=True)
        response.content_length = stored.size
        response.call_on_close(stored.close)
        if key.endswith(".pdf"):
            # A download, never a page of this site: a PDF's scripts and forms don't run on our origin.
            response.headers["Content-Disposition"] = "attachment"
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _page_of(target) -> dict:
    """Titles and links of the page a target's files belong to."""
    if isinstance(target, Challenge):
        return {"title": target.title, "back": url_for("challenges.show", challenge_id=target.id),
                "here": url_for("attachments.challenge_files", challenge_id=target.id),
                "cover": url_for("attachments.challenge_cover", challenge_id=target.id)}
    if isinstance(target, Solution):
        return {"title": target.title, "back": url_for("solutions.show", solution_id=target.id),
                "here": url_for("attachments.solution_files", solution_id=target.id),
                "cover": url_for("attachments.solution_cover", solution_id=target.id)}
    if isinstance(target, Event):
        return {"title": target.title, "back": url_for("events.show", event_id=target.id),
                "here": url_for("attachments.event_files", event_id=target.id), "cover": None}
    return {"title": target.title, "back": url_for("solutions.show", solution_id=target.solution_id,
                                                   _anchor=f"update-{target.id}"),
            "here": url_for("attachments.update_files", solution_id=target.solution_id, update_id=target.id),
            "cover": None}


def _files_page(target, form: UploadForm | None = None, status: int = 200, error: str | None = None):
    """List the target's files with remove (and cover) buttons; the upload form for those who may add files."""
    may_attach = service.can_attach(db.session, current_user, target)
    if not service.can_remove(db.session, current_user, target):
        service.require_can_attach(db.session, current_user, target)
    images, documents = service.images_and_documents(db.session.scalars(service.attachments_of(target)).all())
    return render_template(
        "attachments/manage.html", target=target, page=_page_of(target), images=images, documents=documents,
        form=(form or UploadForm()) if may_attach else None, remove_form=RemoveForm(), cover_form=CoverForm(),
        error=error, staff_only=not may_attach,
    ), status


def _files(target):
    """GET: the page. POST: add the uploaded file (checked by its content), then back to the page."""
    if request.method == "GET":
        return _files_page(target)
    form = UploadForm()
    if not form.validate_on_submit():
        return _files_page(target, form, 400, _("The form expired. Please submit it again."))
    upload = form.file.data
    try:
        service.upload(db.session, current_user, target, service.read_upload(getattr(upload, "stream", None)),
                       getattr(upload, "filename", None), form.alt_text.data)
    except (ValidationFailed, TooLarge, RuleViolation) as exc:
        db.session.rollback()
        show_errors(form, exc.fields or {"file": exc.message})
        return _files_page(target, form, exc.status, exc.message)
    db.session.commit()
    flash(_("The file is added."), "success")
    return redirect(_page_of(target)["here"])


@bp.route("/challenges/<int:challenge_id>/files", methods=["GET", "POST"])
@login_required
def challenge_files(challenge_id: int):
    """A challenge's images and files: add, remove, choose the cover (its owner side; the secretariat removes)."""
    return _files(get_challenge(db.session, challenge_id, current_user, challenges.list_options()))


@bp.route("/solutions/<int:solution_id>/files", methods=["GET", "POST"])
@login_required
def solution_files(solution_id: int):
    """A solution's images and files (its team; the secretariat removes)."""
    return _files(get_solution(db.session, solution_id, current_user, solutions.detail_options()))


@bp.route("/solutions/<int:solution_id>/updates/<int:update_id>/files", methods=["GET", "POST"])
@login_required
def update_files(solution_id: int, update_id: int):
    """A progress update's images and files (the solution's team; the secretariat removes)."""
    solution = get_solution(db.session, solution_id, current_user, solutions.detail_options())
    return _files(service.get_update(db.session, solution, update_id))


@bp.route("/events/<int:event_id>/files", methods=["GET", "POST"])
@login_required
def event_files(event_id: int):
    """An event's photos and documents, posted with its minutes (its organiser side; the secretariat removes)."""
    from socialchallenge.events.service import get_event

    return _files(get_event(db.session, event_id, current_user))


@bp.post("/files/<int:attachment_id>/remove")
@login_required
def remove(attachment_id: int):
    """Remove a file; the stored copies go too unless another page uses the same picture."""
    attachment, target = service.get_attachment(db.session, attachment_id, current_user)
    form = RemoveForm()
    back = _page_of(target)["here"]
    if form.validate_on_submit():
        service.remove(db.session, current_user, attachment, target, form.reason.data)
        db.session.commit()
        flash(_("The file is removed."), "success")
    return redirect(back)


def _set_cover(target):
    form = CoverForm()
    if form.validate_on_submit():
        raw = (form.attachment_id.data or "").strip()
        service.set_cover(db.session, current_user, target, int(raw) if raw.isdigit() else (raw or None))
        db.session.commit()
        flash(_("The cover image is saved.") if raw else _("The page shows no cover image now."), "success")
    return redirect(_page_of(target)["here"])


@bp.post("/challenges/<int:challenge_id>/cover")
@login_required
def challenge_cover(challenge_id: int):
    """Choose which image is the challenge's cover, or none."""
    return _set_cover(get_challenge(db.session, challenge_id, current_user, challenges.list_options()))


@bp.post("/solutions/<int:solution_id>/cover")
@login_required
def solution_cover(solution_id: int):
    """Choose which image is the solution's cover, or none."""
    return _set_cover(get_solution(db.session, solution_id, current_user, solutions.detail_options()))
